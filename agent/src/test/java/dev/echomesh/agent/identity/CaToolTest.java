package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaToolTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path temp;
  private Path caDir;
  private CaTool tool;

  @BeforeEach
  void makeCa() {
    caDir = temp.resolve("ca");
    tool = new CaTool(CLOCK);
    tool.initCa(caDir, "Example Lab CA", CaTool.DEFAULT_CA_VALIDITY);
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void initCa_writesOwnerOnlyKeyCertificateAndMeshKey() throws Exception {
    assertEquals("rw-------", mode(caDir.resolve("ca.key")));
    assertEquals("rw-------", mode(caDir.resolve("mesh.key")));
    assertTrue(Files.readString(caDir.resolve("ca.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
    X509Certificate ca = Pem.readCertificates(Files.readString(caDir.resolve("ca.crt"))).get(0);
    ca.verify(ca.getPublicKey());
    assertEquals(0, ca.getBasicConstraints());
    assertTrue(ca.getSubjectX500Principal().getName().contains("CN=Example Lab CA"));
    assertEquals(NOW.plus(CaTool.DEFAULT_CA_VALIDITY), ca.getNotAfter().toInstant());
  }

  @Test
  void initCa_again_refusedNothingReplaced() throws Exception {
    byte[] key = Files.readAllBytes(caDir.resolve("ca.key"));
    IdentityException e =
        assertThrows(IdentityException.class, () -> tool.initCa(caDir, "Other", Duration.ofDays(1)));
    assertTrue(e.getMessage().contains("already holds a CA key"), e.getMessage());
    assertArrayEquals(key, Files.readAllBytes(caDir.resolve("ca.key")));
  }

  @Test
  void issue_thenLoad_pemRoundTrip() throws Exception {
    Path nodeDir = temp.resolve("kitchen");
    NodeCredentials issued = tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY);
    assertEquals("rw-------", mode(nodeDir.resolve("node.key")));

    NodeCredentials loaded = PemCredentialFiles.in(DataDirectory.of(nodeDir)).load(CLOCK);
    assertEquals(issued.nodeId(), loaded.nodeId());
    assertEquals(issued.privateKey(), loaded.privateKey());
    assertArrayEquals(issued.certificate().getEncoded(), loaded.certificate().getEncoded());
    assertArrayEquals(
        Files.readAllBytes(caDir.resolve("ca.crt")),
        Files.readAllBytes(nodeDir.resolve("ca.crt")));
    assertTrue(loaded.certificate().getSubjectX500Principal().getName().contains("O=Example Lab CA"));
    assertEquals(NOW.plus(CaTool.DEFAULT_NODE_VALIDITY), loaded.certificate().getNotAfter().toInstant());
  }

  @Test
  void issue_nodeDirectory_isACaModeDataDirectory() {
    Path nodeDir = temp.resolve("kitchen");
    NodeCredentials issued = tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY);
    IdentityStore store = new IdentityStore(DataDirectory.of(nodeDir), CLOCK);

    LoadedIdentity identity = store.load(PemCredentialFiles.in(store.directory()));
    assertEquals(issued.nodeId(), identity.nodeId());
    assertEquals(issued.nodeId(), store.nodeId());
    MeshKey caMeshKey = KeyFiles.readMeshKey(caDir.resolve("mesh.key")).orElseThrow();
    assertEquals(caMeshKey.meshId(), identity.secrets().meshId());
    // CA mode trusts the site CA, not the mesh CA derived from the mesh key.
    assertNotEquals(
        MeshCa.fromMeshKey(caMeshKey).certificate(), identity.credentials().trustAnchors().get(0));
  }

  @Test
  void issue_twoNodes_bothChainToTheCa() throws Exception {
    NodeCredentials a = tool.issue(caDir, "a", temp.resolve("a"), Duration.ofDays(30));
    NodeCredentials b = tool.issue(caDir, "b", temp.resolve("b"), Duration.ofDays(30));
    assertNotEquals(a.nodeId(), b.nodeId());
    b.certificate().verify(a.trustAnchors().get(0).getPublicKey());
  }

  @Test
  void issue_existingNodeKey_refused() {
    Path nodeDir = temp.resolve("kitchen");
    tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY);
    IdentityException e =
        assertThrows(
            IdentityException.class,
            () -> tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY));
    assertTrue(e.getMessage().contains("already holds a node key"), e.getMessage());
  }

  @Test
  void load_certificateOfAnotherCa_refused() throws Exception {
    Path nodeDir = temp.resolve("kitchen");
    tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY);
    Path otherCa = temp.resolve("other-ca");
    tool.initCa(otherCa, "Other CA", CaTool.DEFAULT_CA_VALIDITY);
    Files.copy(otherCa.resolve("ca.crt"), nodeDir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    IdentityException e =
        assertThrows(
            IdentityException.class, () -> PemCredentialFiles.in(DataDirectory.of(nodeDir)).load(CLOCK));
    assertEquals(Reason.CREDENTIALS_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("does not chain to a CA in"), e.getMessage());
  }

  @Test
  void load_keyOfAnotherNode_refused() throws Exception {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    tool.issue(caDir, "a", a, CaTool.DEFAULT_NODE_VALIDITY);
    tool.issue(caDir, "b", b, CaTool.DEFAULT_NODE_VALIDITY);
    PemCredentialFiles mixed =
        new PemCredentialFiles(a.resolve("node.crt"), b.resolve("node.key"), a.resolve("ca.crt"));
    IdentityException e = assertThrows(IdentityException.class, () -> mixed.load(CLOCK));
    assertEquals(Reason.CREDENTIALS_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("their public keys differ"), e.getMessage());
  }

  @Test
  void load_expiredCertificate_refusedWithDate() {
    Path nodeDir = temp.resolve("kitchen");
    tool.issue(caDir, "kitchen", nodeDir, Duration.ofDays(30));
    Clock later = Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC);
    IdentityException e =
        assertThrows(
            IdentityException.class, () -> PemCredentialFiles.in(DataDirectory.of(nodeDir)).load(later));
    assertEquals(Reason.CREDENTIALS_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("expired on " + NOW.plus(Duration.ofDays(30))), e.getMessage());
  }

  @Test
  void load_missingFile_namesIt() {
    Path nodeDir = temp.resolve("kitchen");
    tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY);
    PemCredentialFiles files =
        new PemCredentialFiles(nodeDir.resolve("nope.crt"), nodeDir.resolve("node.key"), nodeDir.resolve("ca.crt"));
    IdentityException e = assertThrows(IdentityException.class, () -> files.load(CLOCK));
    assertTrue(e.getMessage().startsWith("missing " + nodeDir.resolve("nope.crt")), e.getMessage());
  }

  @Test
  void load_keyOpenToOthers_refused() throws Exception {
    Path nodeDir = temp.resolve("kitchen");
    tool.issue(caDir, "kitchen", nodeDir, CaTool.DEFAULT_NODE_VALIDITY);
    Files.setPosixFilePermissions(nodeDir.resolve("node.key"), PosixFilePermissions.fromString("rw-rw----"));
    IdentityException e =
        assertThrows(
            IdentityException.class, () -> PemCredentialFiles.in(DataDirectory.of(nodeDir)).load(CLOCK));
    assertEquals(Reason.INSECURE_PERMISSIONS, e.reason());
  }

  @Test
  void issue_intoAnExistingMeshKeyDataDirectory_refusedNothingWritten() throws Exception {
    IdentityStore existing = new IdentityStore(DataDirectory.of(temp.resolve("node")));
    existing.init(false);
    String meshKey = Files.readString(temp.resolve("node").resolve("mesh.key"));

    IdentityException e =
        assertThrows(
            IdentityException.class,
            () -> tool.issue(caDir, "node", temp.resolve("node"), CaTool.DEFAULT_NODE_VALIDITY));
    assertTrue(e.getMessage().contains("already holds a mesh key"), e.getMessage());
    assertEquals(meshKey, Files.readString(temp.resolve("node").resolve("mesh.key")));
    assertFalse(Files.exists(temp.resolve("node").resolve("node.crt")));
    assertFalse(Files.exists(temp.resolve("node").resolve("node.key")));
  }

  @Test
  void issue_intoTheCaDirectory_refused() {
    IdentityException e =
        assertThrows(
            IdentityException.class, () -> tool.issue(caDir, "node", caDir, CaTool.DEFAULT_NODE_VALIDITY));
    assertTrue(e.getMessage().contains("already holds a CA certificate"), e.getMessage());
    assertFalse(Files.exists(caDir.resolve("node.key")));
  }

  @Test
  void initCa_directoryWithOnlyACaCertificate_refused() throws Exception {
    Path other = temp.resolve("other");
    Files.createDirectories(other);
    Files.copy(caDir.resolve("ca.crt"), other.resolve("ca.crt"));
    IdentityException e =
        assertThrows(IdentityException.class, () -> tool.initCa(other, "Other", Duration.ofDays(1)));
    assertTrue(e.getMessage().contains("already holds a CA certificate"), e.getMessage());
    assertFalse(Files.exists(other.resolve("ca.key")));
  }
}
