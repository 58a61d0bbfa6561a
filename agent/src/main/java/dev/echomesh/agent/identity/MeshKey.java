package dev.echomesh.agent.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The 256-bit secret shared by every member of a mesh (mesh-key mode).
 *
 * <p>Whoever holds it is a member: from it, every member derives the same mesh CA (and so can
 * issue its own node certificate), the UDP ping HMAC key and the public mesh ID; see {@link
 * #secrets()} and {@link MeshCa#fromMeshKey(MeshKey)}. It travels between devices as a join code
 * ({@link #joinCode()}), typed by a person.
 *
 * <p>Instances are immutable and compare by value in constant time. {@link #toString()} never
 * shows the key.
 */
public final class MeshKey {

  /** Length of a mesh key in bytes. */
  public static final int LENGTH_BYTES = JoinCode.KEY_BYTES;

  private final byte[] key;

  private MeshKey(byte[] key) {
    this.key = key;
  }

  /** A new random mesh key. */
  public static MeshKey generate(SecureRandom random) {
    byte[] key = new byte[LENGTH_BYTES];
    random.nextBytes(key);
    return new MeshKey(key);
  }

  /** A new mesh key from a fresh {@link SecureRandom}. */
  public static MeshKey generate() {
    return generate(new SecureRandom());
  }

  /**
   * Reads a join code as printed by {@link #joinCode()}; case, dashes and spaces are ignored.
   *
   * @throws IllegalArgumentException with a one-line reason (truncated, too long, a character
   *     outside base32, or a checksum mismatch from a typo) if {@code code} is not a valid code
   */
  public static MeshKey fromJoinCode(String code) {
    return new MeshKey(JoinCode.parse(code));
  }

  /**
   * Wraps 32 raw key bytes (for tests and key files; people use join codes).
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static MeshKey fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "a mesh key is " + LENGTH_BYTES + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new MeshKey(bytes.clone());
  }

  /**
   * The join code: {@code EM1-} and 56 base32 characters in dashed groups of four, the last
   * six of which carry a CRC-24 that catches typos. It is as secret as the key itself.
   */
  public String joinCode() {
    return JoinCode.format(key);
  }

  /** The UDP ping key and the public mesh ID derived from this key. */
  public MeshSecrets secrets() {
    return new MeshSecrets(KeyDerivation.meshId(key), KeyDerivation.pingKey(key));
  }

  /** The public mesh ID: 16 lower-case base32 characters, safe to announce and to log. */
  public String meshId() {
    return KeyDerivation.meshId(key);
  }

  /** A copy of the raw key bytes, for key derivation and the key file. */
  byte[] bytes() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MeshKey && MessageDigest.isEqual(key, ((MeshKey) other).key);
  }

  @Override
  public int hashCode() {
    // Equal keys must hash equally; a hash of the key must not leak it, so use the public ID.
    return meshId().hashCode();
  }

  @Override
  public String toString() {
    return "MeshKey[meshId=" + meshId() + ", key=<hidden>]";
  }
}
