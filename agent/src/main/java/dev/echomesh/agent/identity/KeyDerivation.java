package dev.echomesh.agent.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.util.encoders.Base32;

/**
 * Everything derived from a mesh key, with HKDF-SHA256 (RFC 5869).
 *
 * <p>HKDF-Extract uses the fixed salt {@value #SALT}; each purpose has its own HKDF-Expand info
 * label, so the outputs are independent of each other and a leak of one (the mesh ID is public)
 * says nothing about the others or the key:
 *
 * <ul>
 *   <li>{@value #INFO_MESH_CA}: 32 bytes of input keying material for RFC 9180 DeriveKeyPair with
 *       DHKEM(P-256, HKDF-SHA256), which turns them into the mesh CA's P-256 key pair;
 *   <li>{@value #INFO_PING_KEY}: the 32-byte HMAC-SHA256 key of UDP datagrams;
 *   <li>{@value #INFO_MESH_ID}: 10 bytes shown as 16 lower-case base32 characters, the public mesh
 *       ID (80 bits: two meshes on one LAN do not collide by chance).
 * </ul>
 *
 * <p>These labels are part of the protocol: changing one makes a different mesh out of the same
 * key. Never change them; add a new label for a new purpose.
 */
final class KeyDerivation {

  static final String SALT = "echomesh mesh key v1";
  static final String INFO_MESH_CA = "echomesh v1 mesh CA key pair";
  static final String INFO_PING_KEY = "echomesh v1 UDP ping HMAC key";
  static final String INFO_MESH_ID = "echomesh v1 public mesh ID";

  private static final int CA_IKM_BYTES = 32;
  private static final int PING_KEY_BYTES = 32;
  private static final int MESH_ID_BYTES = 10;
  private static final int P256_SCALAR_BYTES = 32;

  private KeyDerivation() {}

  static byte[] pingKey(byte[] meshKey) {
    return expand(meshKey, INFO_PING_KEY, PING_KEY_BYTES);
  }

  static String meshId(byte[] meshKey) {
    byte[] id = expand(meshKey, INFO_MESH_ID, MESH_ID_BYTES);
    return new String(Base32.encode(id), StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
  }

  /** The mesh CA key pair as JCA keys (SunEC, named curve secp256r1). */
  static KeyPair caKeyPair(byte[] meshKey) {
    byte[] ikm = expand(meshKey, INFO_MESH_CA, CA_IKM_BYTES);
    try {
      return deriveP256KeyPair(ikm);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** RFC 9180 DeriveKeyPair(ikm) of DHKEM(P-256, HKDF-SHA256), as JCA keys. */
  static KeyPair deriveP256KeyPair(byte[] ikm) {
    // The AEAD does not matter: DeriveKeyPair depends on the KEM only.
    HPKE hpke =
        new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    AsymmetricCipherKeyPair pair = hpke.deriveKeyPair(ikm);
    byte[] scalar = hpke.serializePrivateKey(pair.getPrivate());
    byte[] point = hpke.serializePublicKey(pair.getPublic());
    try {
      return toJca(scalar, point);
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /** JCA keys from a P-256 scalar and an uncompressed point (0x04 || x || y). */
  private static KeyPair toJca(byte[] scalar, byte[] uncompressedPoint) {
    if (uncompressedPoint.length != 1 + 2 * P256_SCALAR_BYTES || uncompressedPoint[0] != 0x04) {
      throw new IllegalStateException("HPKE returned an unexpected P-256 point encoding");
    }
    try {
      ECParameterSpec p256 = p256();
      BigInteger x = new BigInteger(1, Arrays.copyOfRange(uncompressedPoint, 1, 33));
      BigInteger y = new BigInteger(1, Arrays.copyOfRange(uncompressedPoint, 33, 65));
      KeyFactory factory = KeyFactory.getInstance("EC");
      return new KeyPair(
          factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256)),
          factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), p256)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  static ECParameterSpec p256() throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  private static byte[] expand(byte[] meshKey, String info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(
        new HKDFParameters(
            meshKey,
            SALT.getBytes(StandardCharsets.US_ASCII),
            info.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }
}
