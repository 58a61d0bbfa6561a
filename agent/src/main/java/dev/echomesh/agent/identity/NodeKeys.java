package dev.echomesh.agent.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Node key pairs: ECDSA on P-256 (secp256r1), the one curve every TLS provider echomesh uses
 * (BoringSSL through Netty, and the JDK) completes mutual handshakes with.
 */
public final class NodeKeys {

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");

  private NodeKeys() {}

  /** A new P-256 key pair from {@code random}. */
  public static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  /** A new P-256 key pair from a fresh {@link SecureRandom}. */
  public static KeyPair generate() {
    return generate(new SecureRandom());
  }

  /**
   * The key pair of a P-256 private key: its public key is computed (Q = d·G), since a PKCS#8
   * file need not carry it.
   *
   * @throws IllegalArgumentException if {@code key} is not a P-256 private key
   */
  static KeyPair fromPrivateKey(PrivateKey key) {
    try {
      ECParameterSpec p256 = KeyDerivation.p256();
      if (!(key instanceof ECPrivateKey)
          || !((ECPrivateKey) key).getParams().getCurve().equals(p256.getCurve())
          || !((ECPrivateKey) key).getParams().getOrder().equals(p256.getOrder())) {
        throw new IllegalArgumentException(
            "node keys are ECDSA P-256 (secp256r1), this is " + describe(key));
      }
      BigInteger d = ((ECPrivateKey) key).getS();
      if (d.signum() <= 0 || d.compareTo(p256.getOrder()) >= 0) {
        throw new IllegalArgumentException("the P-256 private key is out of range");
      }
      org.bouncycastle.math.ec.ECPoint q =
          new FixedPointCombMultiplier().multiply(P256.getG(), d).normalize();
      ECPoint w =
          new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      return new KeyPair(
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256)), key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  private static String describe(PrivateKey key) {
    if (key instanceof ECPrivateKey) {
      return "an EC key on another curve ("
          + ((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() + " bits)";
    }
    return "a " + key.getAlgorithm() + " key";
  }
}
