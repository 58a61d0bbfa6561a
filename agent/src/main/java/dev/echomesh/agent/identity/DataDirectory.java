package dev.echomesh.agent.identity;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a node keeps its keys and its control socket, and the names of the files in it.
 *
 * <p>Chosen by {@link #resolve}: the {@code --data-dir} flag, else the environment variable
 * {@value #ENV_DATA_DIR}, else {@code $XDG_DATA_HOME/echomesh}, else {@code
 * ~/.local/share/echomesh}. Two agents on one machine need two data directories.
 *
 * <p>Layout. The directory is made with mode 0700 and every file echomesh writes with 0600,
 * both at creation; secrets whose mode lets group or others in are refused when read:
 *
 * <pre>
 * mesh.key       the mesh key, as its join code on one line (both modes; secret)
 * node.key       this node's P-256 private key, PKCS#8 PEM ("BEGIN PRIVATE KEY"); the SHA-256
 *                of its public key is the node ID (secret)
 * node.crt       CA mode only: the node certificate chain, PEM, leaf first
 * ca.crt         CA mode only: the site CA certificate(s), PEM: the trust anchors
 * control.sock   the agent's local control socket, while the agent runs
 * </pre>
 *
 * <p>In mesh-key mode no certificate is stored: the node certificate is issued afresh from the
 * mesh CA at every start (see {@link IdentityStore}).
 */
public final class DataDirectory {

  /** Environment variable naming the data directory when no flag is given. */
  public static final String ENV_DATA_DIR = "ECHOMESH_DATA_DIR";

  static final String MESH_KEY_FILE = "mesh.key";
  static final String NODE_KEY_FILE = "node.key";
  static final String NODE_CERTIFICATE_FILE = "node.crt";
  static final String CA_CERTIFICATE_FILE = "ca.crt";
  static final String CONTROL_SOCKET_FILE = "control.sock";

  private final Path path;

  private DataDirectory(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  /** The data directory at {@code path} (made absolute). */
  public static DataDirectory of(Path path) {
    return new DataDirectory(Objects.requireNonNull(path, "path"));
  }

  /**
   * The data directory a command or agent uses.
   *
   * @param flagValue the {@code --data-dir} value, or {@code null} when not given
   * @param env the process environment ({@code System.getenv()}); empty values count as unset,
   *     and a relative {@code XDG_DATA_HOME} is ignored, as the XDG base directory spec asks
   */
  public static DataDirectory resolve(Path flagValue, Map<String, String> env) {
    if (flagValue != null) {
      return of(flagValue);
    }
    String explicit = env.get(ENV_DATA_DIR);
    if (explicit != null && !explicit.isBlank()) {
      return of(Path.of(explicit));
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return of(Path.of(xdg, "echomesh"));
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    return of(Path.of(home, ".local", "share", "echomesh"));
  }

  /** The directory itself (absolute). */
  public Path path() {
    return path;
  }

  /** {@code mesh.key}: the mesh key as a join code. */
  public Path meshKeyFile() {
    return path.resolve(MESH_KEY_FILE);
  }

  /** {@code node.key}: the node's private key, PKCS#8 PEM. */
  public Path nodeKeyFile() {
    return path.resolve(NODE_KEY_FILE);
  }

  /** {@code node.crt}: the node certificate chain in CA mode. */
  public Path nodeCertificateFile() {
    return path.resolve(NODE_CERTIFICATE_FILE);
  }

  /** {@code ca.crt}: the CA certificates trusted in CA mode. */
  public Path caCertificateFile() {
    return path.resolve(CA_CERTIFICATE_FILE);
  }

  /** {@code control.sock}: the agent's Unix domain control socket. */
  public Path controlSocket() {
    return path.resolve(CONTROL_SOCKET_FILE);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DataDirectory && path.equals(((DataDirectory) other).path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
