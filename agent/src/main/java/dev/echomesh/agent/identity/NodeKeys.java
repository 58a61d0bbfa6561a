package dev.echomesh.agent.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * Node key pairs: ECDSA on P-256 (secp256r1), the one curve every TLS provider echomesh uses
 * (BoringSSL through Netty, and the JDK) completes mutual handshakes with.
 */
public final class NodeKeys {

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
}
