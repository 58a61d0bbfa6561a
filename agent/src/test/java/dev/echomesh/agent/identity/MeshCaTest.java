package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.testing.TestMeshes;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeshCaTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static void validate(NodeCredentials node, X509Certificate anchor, Instant at)
      throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX")
        .validate(factory.generateCertPath(node.certificateChain()), parameters);
  }

  @Test
  void fromMeshKey_twoDerivations_identicalCaCertificateBytes() throws Exception {
    MeshKey key = MeshKey.generate();
    MeshCa first = MeshCa.fromMeshKey(key);
    MeshCa second = MeshCa.fromMeshKey(MeshKey.fromJoinCode(key.joinCode()));
    assertArrayEquals(first.certificate().getEncoded(), second.certificate().getEncoded());
    assertEquals(key.meshId(), first.meshId());
  }

  @Test
  void fromMeshKey_differentKeys_differentCaKeysAndSubjects() {
    MeshCa a = MeshCa.fromMeshKey(MeshKey.generate());
    MeshCa b = MeshCa.fromMeshKey(MeshKey.generate());
    assertFalse(a.certificate().getPublicKey().equals(b.certificate().getPublicKey()));
    assertFalse(a.certificate().getSubjectX500Principal().equals(b.certificate().getSubjectX500Principal()));
  }

  @Test
  void certificate_isSelfSignedCaWithFixedFields() throws Exception {
    MeshKey key = MeshKey.generate();
    X509Certificate ca = MeshCa.fromMeshKey(key).certificate();
    ca.verify(ca.getPublicKey());
    assertEquals(0, ca.getBasicConstraints());
    assertEquals("1.2.840.10045.4.3.2", ca.getSigAlgOID()); // ecdsa-with-SHA256
    assertEquals(Instant.parse(MeshCa.CA_NOT_BEFORE), ca.getNotBefore().toInstant());
    assertEquals(Instant.parse(MeshCa.CA_NOT_AFTER), ca.getNotAfter().toInstant());
    assertTrue(ca.getSubjectX500Principal().getName().contains(key.meshId()));
    assertTrue(ca.getKeyUsage()[5], "keyCertSign");
  }

  @Test
  void issue_nodeCertificate_chainsToItsMeshCaUnderPkix() throws Exception {
    MeshCa ca = MeshCa.fromMeshKey(MeshKey.generate(), Clock.fixed(NOW, ZoneOffset.UTC));
    NodeCredentials node = ca.credentials(NodeKeys.generate(), "kitchen-pi");
    assertDoesNotThrow(() -> validate(node, ca.certificate(), NOW));
    assertDoesNotThrow(() -> validate(node, ca.certificate(), NOW.plus(Duration.ofDays(3000))));
  }

  @Test
  void issue_nodeCertificate_doesNotChainToAnotherMeshCa() {
    MeshCa ours = MeshCa.fromMeshKey(MeshKey.generate());
    MeshCa theirs = MeshCa.fromMeshKey(MeshKey.generate());
    NodeCredentials stranger = theirs.credentials(NodeKeys.generate(), "stranger");
    assertThrows(
        CertPathValidatorException.class, () -> validate(stranger, ours.certificate(), Instant.now()));
    assertThrows(
        SignatureException.class,
        () -> stranger.certificate().verify(ours.certificate().getPublicKey()));
  }

  @Test
  void issue_selfSignedCertificate_doesNotChainToMeshCa() {
    MeshCa ours = MeshCa.fromMeshKey(MeshKey.generate());
    NodeCredentials forged = TestMeshes.selfSigned("forged");
    assertThrows(
        CertPathValidatorException.class, () -> validate(forged, ours.certificate(), Instant.now()));
  }

  @Test
  void issue_nodeCertificate_carriesNodeIdUsagesAndValidity() throws Exception {
    MeshCa ca = MeshCa.fromMeshKey(MeshKey.generate(), Clock.fixed(NOW, ZoneOffset.UTC));
    KeyPair keys = NodeKeys.generate();
    X509Certificate cert = ca.issue(keys.getPublic(), "kitchen-pi");
    NodeId id = NodeId.of(keys.getPublic());

    assertTrue(cert.getSubjectX500Principal().getName().contains("CN=" + id), cert.getSubjectX500Principal().getName());
    assertTrue(cert.getSubjectX500Principal().getName().contains("OU=kitchen-pi"));
    assertEquals(
        List.of(List.of(6, "urn:echomesh:node:" + id)),
        cert.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
    assertEquals(-1, cert.getBasicConstraints());
    assertTrue(cert.getKeyUsage()[0], "digitalSignature");
    assertFalse(cert.getKeyUsage()[5], "keyCertSign");
    assertEquals(
        List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
    assertEquals(NOW.minus(MeshCa.CLOCK_SKEW_ALLOWANCE), cert.getNotBefore().toInstant());
    assertEquals(NOW.plus(MeshCa.NODE_CERTIFICATE_VALIDITY), cert.getNotAfter().toInstant());
  }

  @Test
  void issue_badNodeName_refused() {
    MeshCa ca = MeshCa.fromMeshKey(MeshKey.generate());
    KeyPair keys = NodeKeys.generate();
    assertThrows(IllegalArgumentException.class, () -> ca.issue(keys.getPublic(), ""));
    assertThrows(IllegalArgumentException.class, () -> ca.issue(keys.getPublic(), "x".repeat(65)));
    assertThrows(IllegalArgumentException.class, () -> ca.issue(keys.getPublic(), "a\nb"));
  }

  @Test
  void credentials_nodeIdIsHashOfCertificateKey() {
    KeyPair keys = NodeKeys.generate();
    NodeCredentials node = MeshCa.fromMeshKey(MeshKey.generate()).credentials(keys, "a");
    assertEquals(NodeId.of(keys.getPublic()), node.nodeId());
    assertEquals(keys.getPrivate(), node.privateKey());
  }
}
