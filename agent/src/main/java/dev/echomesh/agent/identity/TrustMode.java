package dev.echomesh.agent.identity;

import java.nio.file.Files;

/**
 * Whom a node's links trust, as its {@link DataDirectory} says. There is no flag for it: the files
 * decide, so a directory made by {@code echomesh ca issue} runs in CA mode wherever it is copied,
 * and one made by {@code init} or {@code join} never does.
 */
public enum TrustMode {

  /**
   * No {@code node.crt} and no {@code ca.crt}: links trust the mesh CA derived from {@code
   * mesh.key}, and the node certificate is issued from it at every start.
   */
  MESH_KEY("mesh key"),

  /**
   * {@code node.crt} or {@code ca.crt} present (a missing partner file is then an error, never a
   * silent fall-back to mesh-key mode): links trust the CA certificates of {@code ca.crt} alone;
   * {@code mesh.key} keys only the UDP pings and the mDNS mesh ID.
   */
  CA("site CA");

  private final String label;

  TrustMode(String label) {
    this.label = label;
  }

  /** The mode of {@code directory}, read from which files exist in it. */
  public static TrustMode of(DataDirectory directory) {
    return Files.exists(directory.nodeCertificateFile()) || Files.exists(directory.caCertificateFile())
        ? CA
        : MESH_KEY;
  }

  /** How people read it: "mesh key" or "site CA". */
  public String label() {
    return label;
  }

  /** How scripts read it: "mesh-key" or "ca". */
  public String jsonName() {
    return this == CA ? "ca" : "mesh-key";
  }
}
