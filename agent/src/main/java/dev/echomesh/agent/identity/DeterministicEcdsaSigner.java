package dev.echomesh.agent.identity;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A certificate signer using deterministic ECDSA with SHA-256 (RFC 6979): BouncyCastle's {@code
 * SHA256withECDDSA}. The signature is an ordinary ecdsa-with-SHA256 signature that any verifier
 * accepts; only the choice of nonce differs, which makes it a function of key and message.
 * (BouncyCastle's {@code JcaContentSignerBuilder} does not know this name, hence this class.)
 *
 * <p>One instance signs one certificate.
 */
final class DeterministicEcdsaSigner implements ContentSigner {

  /** A private provider instance: nothing is registered JVM-wide. */
  private static final Provider BC = new BouncyCastleProvider();
  private static final String ALGORITHM = "SHA256withECDDSA";

  private final Signature signature;
  private final ByteArrayOutputStream content = new ByteArrayOutputStream();

  DeterministicEcdsaSigner(PrivateKey key) {
    try {
      signature = Signature.getInstance(ALGORITHM, BC);
      signature.initSign(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
  }

  @Override
  public OutputStream getOutputStream() {
    return content;
  }

  @Override
  public byte[] getSignature() {
    try {
      signature.update(content.toByteArray());
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new RuntimeOperatorException("deterministic ECDSA signing failed", e);
    }
  }
}
