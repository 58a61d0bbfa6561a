package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IdentityStore} on a data directory made by {@code echomesh ca issue}: CA mode. */
class IdentityStoreCaModeTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path temp;
  private Path caDir;
  private Path nodeDir;
  private NodeCredentials issued;

  @BeforeEach
  void issueNode() {
    caDir = temp.resolve("ca");
    nodeDir = temp.resolve("kitchen");
    CaTool tool = new CaTool(CLOCK);
    tool.initCa(caDir, "Site CA", CaTool.DEFAULT_CA_VALIDITY);
    issued = tool.issue(caDir, "kitchen", nodeDir, Duration.ofDays(30));
  }

  private IdentityStore store(Clock clock) {
    return new IdentityStore(DataDirectory.of(nodeDir), clock);
  }

  private IdentityException loadFails(Clock clock) {
    return assertThrows(IdentityException.class, () -> store(clock).load("kitchen"));
  }

  @Test
  void load_issuedDirectory_caModeTrustingTheSiteCaAlone() throws Exception {
    LoadedIdentity identity = store(CLOCK).load("any name");

    assertEquals(TrustMode.CA, store(CLOCK).trustMode());
    assertEquals(issued.nodeId(), identity.nodeId());
    assertEquals(
        Pem.readCertificates(Files.readString(caDir.resolve("ca.crt"))),
        identity.credentials().trustAnchors());
    assertEquals(
        KeyFiles.readMeshKey(caDir.resolve("mesh.key")).orElseThrow().secrets().meshId(),
        identity.secrets().meshId());
  }

  @Test
  void nodeId_caMode_isTheCertificatesKey() {
    assertEquals(issued.nodeId(), store(CLOCK).nodeId());
  }

  @Test
  void nodeId_caModeWithoutNodeKey_failsAndMakesNoKey() throws Exception {
    Files.delete(nodeDir.resolve("node.key"));
    IdentityException e = assertThrows(IdentityException.class, () -> store(CLOCK).nodeId());
    assertEquals(nodeDir.resolve("node.key"), e.file());
    assertFalse(Files.exists(nodeDir.resolve("node.key")));
  }

  @Test
  void load_certificateNotSignedByCaCrt_oneLineNamingNodeCrt() throws Exception {
    Path otherCa = temp.resolve("other");
    new CaTool(CLOCK).initCa(otherCa, "Other CA", CaTool.DEFAULT_CA_VALIDITY);
    Files.copy(otherCa.resolve("ca.crt"), nodeDir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);

    IdentityException e = loadFails(CLOCK);
    assertEquals(Reason.CREDENTIALS_MISMATCH, e.reason());
    assertEquals(nodeDir.resolve("node.crt"), e.file());
    assertTrue(e.getMessage().startsWith(nodeDir.resolve("node.crt") + " does not chain to a CA in "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void load_keyNotMatchingCertificate_namesBothFiles() throws Exception {
    Path other = temp.resolve("pantry");
    new CaTool(CLOCK).issue(caDir, "pantry", other, Duration.ofDays(30));
    Files.copy(other.resolve("node.key"), nodeDir.resolve("node.key"), StandardCopyOption.REPLACE_EXISTING);

    IdentityException e = loadFails(CLOCK);
    assertEquals(Reason.CREDENTIALS_MISMATCH, e.reason());
    assertEquals(
        nodeDir.resolve("node.crt") + " is not the certificate of " + nodeDir.resolve("node.key")
            + " (their public keys differ)",
        e.getMessage());
  }

  @Test
  void load_expiredCertificate_saysWhenAndWhatToDo() {
    IdentityException e = loadFails(Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC));
    assertEquals(Reason.CREDENTIALS_MISMATCH, e.reason());
    assertEquals(
        nodeDir.resolve("node.crt") + " expired on " + NOW.plus(Duration.ofDays(30))
            + ": issue a new one (`echomesh ca issue`)",
        e.getMessage());
  }

  @Test
  void load_caCrtWithoutNodeCrt_caModeNamingTheMissingFile() throws Exception {
    Files.delete(nodeDir.resolve("node.crt"));

    IdentityException e = loadFails(CLOCK);
    assertEquals(Reason.IO_ERROR, e.reason());
    assertTrue(e.getMessage().startsWith("missing " + nodeDir.resolve("node.crt")), e.getMessage());
  }

  @Test
  void load_caModeWithoutMeshKey_saysToCopyItFromTheCa() throws Exception {
    Files.delete(nodeDir.resolve("mesh.key"));

    IdentityException e = loadFails(CLOCK);
    assertEquals(Reason.NO_MESH_KEY, e.reason());
    assertTrue(e.getMessage().contains("copy mesh.key from the CA directory"), e.getMessage());
  }

  @Test
  void load_caDirectoryAsDataDirectory_refusedForHoldingTheCaKey() throws Exception {
    Files.copy(nodeDir.resolve("node.crt"), caDir.resolve("node.crt"));
    Files.copy(nodeDir.resolve("node.key"), caDir.resolve("node.key"));

    IdentityException e =
        assertThrows(
            IdentityException.class,
            () -> new IdentityStore(DataDirectory.of(caDir), CLOCK).load("kitchen"));
    assertEquals(caDir.resolve("ca.key"), e.file());
    assertTrue(e.getMessage().contains("must stay off the nodes"), e.getMessage());
  }
}
