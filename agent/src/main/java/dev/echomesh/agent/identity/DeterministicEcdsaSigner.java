package dev.echomesh.agent.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A certificate signer using deterministic ECDSA with SHA-256 (RFC 6979). The signature is an
 * ordinary ecdsa-with-SHA256 signature that any verifier accepts; only the choice of nonce
 * differs, which makes it a function of key and message.
 *
 * <p>Built on BouncyCastle's lightweight API (ECDSASigner with an HMAC-DRBG nonce calculator),
 * not on its JCA provider: the provider registers some 700 classes at first use, which every
 * agent would keep in memory for one signature at start-up.
 *
 * <p>One instance signs one certificate.
 */
final class DeterministicEcdsaSigner implements ContentSigner {

  private final ECPrivateKeyParameters key;
  private final ByteArrayOutputStream content = new ByteArrayOutputStream();

  DeterministicEcdsaSigner(PrivateKey key) {
    try {
      if (!(PrivateKeyFactory.createKey(key.getEncoded()) instanceof ECPrivateKeyParameters ec)) {
        throw new IllegalArgumentException("cannot sign with this key: not an EC private key");
      }
      this.key = ec;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw (IllegalArgumentException) e;
      }
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
    SHA256Digest digest = new SHA256Digest();
    byte[] message = content.toByteArray();
    byte[] hash = new byte[digest.getDigestSize()];
    digest.update(message, 0, message.length);
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(hash);
    try {
      return StandardDSAEncoding.INSTANCE.encode(key.getParameters().getN(), rs[0], rs[1]);
    } catch (IOException e) {
      throw new RuntimeOperatorException("deterministic ECDSA signing failed", e);
    }
  }
}
