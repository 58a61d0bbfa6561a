package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void deriveP256KeyPair_rfc9180AppendixA31_matchesPublishedVector() {
    // RFC 9180 A.3.1, DHKEM(P-256, HKDF-SHA256): DeriveKeyPair(ikmE) = (skEm, pkEm).
    KeyPair pair =
        KeyDerivation.deriveP256KeyPair(
            Hex.decode("4270e54ffd08d79d5928020af4686d8f6b7d35dbe470265f1f5aa22816ce860e"));
    assertEquals(
        new BigInteger("4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb", 16),
        ((ECPrivateKey) pair.getPrivate()).getS());
    ECPublicKey pub = (ECPublicKey) pair.getPublic();
    assertEquals(
        new BigInteger("a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac9", 16),
        pub.getW().getAffineX());
    assertEquals(
        new BigInteger("8536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4", 16),
        pub.getW().getAffineY());
  }

  @Test
  void caKeyPair_sameMeshKey_sameKeysThatSignAndVerify() throws Exception {
    KeyPair first = KeyDerivation.caKeyPair(key(7));
    KeyPair second = KeyDerivation.caKeyPair(key(7));
    assertArrayEquals(first.getPublic().getEncoded(), second.getPublic().getEncoded());
    assertArrayEquals(first.getPrivate().getEncoded(), second.getPrivate().getEncoded());

    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(first.getPrivate());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(second.getPublic());
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
  }

  @Test
  void caKeyPair_publicKey_usesNamedCurveEncoding() {
    // Explicit curve parameters would be refused by TLS stacks; the named-curve SPKI is 91 bytes.
    assertEquals(91, KeyDerivation.caKeyPair(key(1)).getPublic().getEncoded().length);
  }

  @Test
  void derivations_sameKey_deterministic() {
    assertArrayEquals(KeyDerivation.pingKey(key(3)), KeyDerivation.pingKey(key(3)));
    assertEquals(KeyDerivation.meshId(key(3)), KeyDerivation.meshId(key(3)));
  }

  @Test
  void derivations_differentKeys_differ() {
    assertFalse(Arrays.equals(KeyDerivation.pingKey(key(3)), KeyDerivation.pingKey(key(4))));
    assertNotEquals(KeyDerivation.meshId(key(3)), KeyDerivation.meshId(key(4)));
    assertFalse(
        Arrays.equals(
            KeyDerivation.caKeyPair(key(3)).getPublic().getEncoded(),
            KeyDerivation.caKeyPair(key(4)).getPublic().getEncoded()));
  }

  @Test
  void derivations_purposesAreIndependent() {
    byte[] pingKey = KeyDerivation.pingKey(key(5));
    byte[] caScalar = ((ECPrivateKey) KeyDerivation.caKeyPair(key(5)).getPrivate()).getS().toByteArray();
    assertFalse(Arrays.equals(pingKey, key(5)));
    assertFalse(Arrays.equals(pingKey, caScalar));
    assertEquals(32, pingKey.length);
  }

  @Test
  void meshId_isShortLowerCaseBase32() {
    String id = KeyDerivation.meshId(key(9));
    assertTrue(id.matches("[a-z2-7]{16}"), id);
  }
}
