package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.testing.TestMeshes;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class PemTest {

  @Test
  void privateKey_roundTrip_pkcs8() {
    KeyPair keys = NodeKeys.generate();
    String pem = Pem.privateKey(keys.getPrivate());
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
    assertEquals(keys.getPrivate(), Pem.readPrivateKey(pem));
  }

  @Test
  void readPrivateKey_opensslSec1Form_accepted() throws Exception {
    // What `openssl ecparam -name prime256v1 -genkey -noout` writes: RFC 5915 ECPrivateKey with
    // the named curve as its parameters, in "BEGIN EC PRIVATE KEY".
    KeyPair keys = NodeKeys.generate();
    ECPrivateKey sec1 =
        new ECPrivateKey(
            256,
            ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(),
            new DERBitString(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes()),
            SECObjectIdentifiers.secp256r1);
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    java.security.PrivateKey read = Pem.readPrivateKey(text.toString());
    assertEquals(
        ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(),
        ((java.security.interfaces.ECPrivateKey) read).getS());
    assertEquals(keys.getPublic(), NodeKeys.fromPrivateKey(read).getPublic());
  }

  @Test
  void readPrivateKey_garbage_refusedWithReason() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey("hello"));
    assertEquals("no PEM private key in it", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
  }

  @Test
  void certificates_roundTrip_keepsOrder() throws Exception {
    NodeCredentials node = TestMeshes.newMesh().newNode("a");
    List<java.security.cert.X509Certificate> both =
        List.of(node.certificate(), node.trustAnchors().get(0));
    assertEquals(both, Pem.readCertificates(Pem.certificates(both)));
  }

  @Test
  void readCertificates_privateKeyInstead_refused() {
    String key = Pem.privateKey(NodeKeys.generate().getPrivate());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pem.readCertificates(key));
    assertTrue(e.getMessage().startsWith("expected only PEM certificates"), e.getMessage());
  }

  @Test
  void nodeKeys_fromPrivateKey_recomputesPublicKey() throws Exception {
    KeyPair keys = NodeKeys.generate();
    assertEquals(keys.getPublic(), NodeKeys.fromPrivateKey(keys.getPrivate()).getPublic());

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NodeKeys.fromPrivateKey(rsa.generateKeyPair().getPrivate()));
    assertEquals("node keys are ECDSA P-256 (secp256r1), this is a RSA key", e.getMessage());
  }
}
