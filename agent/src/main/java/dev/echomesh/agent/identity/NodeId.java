package dev.echomesh.agent.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;

/**
 * A node's identity: the SHA-256 of its certificate's SubjectPublicKeyInfo (32 bytes).
 *
 * <p>Shown like a Syncthing device ID: unpadded RFC 4648 base32 (52 characters) in groups of
 * four separated by dashes, e.g. {@code MFRG-GZDF-...}. It depends on the key pair only, so it
 * stays the same across restarts and across IP and MAC changes. Parsing accepts upper or lower
 * case, with or without dashes.
 *
 * <p>Instances are immutable and compare by value; they order by their bytes (unsigned), which
 * decides, for example, whose link wins when two nodes dial each other at once.
 */
public final class NodeId implements Comparable<NodeId> {

  /** Length of a node ID in bytes. */
  public static final int LENGTH_BYTES = 32;

  private static final int BASE32_CHARS = 52;
  private static final int GROUP_CHARS = 4;

  private final byte[] bytes;
  private final String text;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
    this.text = format(bytes);
  }

  /**
   * Wraps 32 raw bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes long
   */
  public static NodeId fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "a node ID is " + LENGTH_BYTES + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new NodeId(bytes.clone());
  }

  /** The node ID of whoever holds the private key of {@code publicKey}. */
  public static NodeId of(PublicKey publicKey) {
    return new NodeId(sha256(publicKey.getEncoded()));
  }

  /**
   * Parses the text form, with or without dashes, in any case.
   *
   * @throws IllegalArgumentException with a one-line reason if {@code text} is not a node ID
   */
  public static NodeId parse(String text) {
    String compact = compact(text);
    if (compact.length() != BASE32_CHARS) {
      throw new IllegalArgumentException(
          "a node ID has " + BASE32_CHARS + " base32 characters, got " + compact.length());
    }
    if (!compact.chars().allMatch(NodeId::isBase32)) {
      throw new IllegalArgumentException("a node ID uses only the letters A-Z and digits 2-7");
    }
    byte[] decoded = Base32.decode(compact + "====");
    if (decoded.length != LENGTH_BYTES) {
      throw new IllegalArgumentException("not a node ID: decodes to " + decoded.length + " bytes");
    }
    return new NodeId(decoded);
  }

  /**
   * Normalizes user input for prefix matching: upper case, dashes and spaces removed.
   * {@code NodeId.compact("mfrg-gz")} is {@code "MFRGGZ"}.
   */
  public static String compact(String text) {
    return text.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /** Whether this ID's text starts with {@code prefix} (case and dashes ignored). */
  public boolean matchesPrefix(String prefix) {
    String wanted = compact(prefix);
    return !wanted.isEmpty() && compact(text).startsWith(wanted);
  }

  /** A copy of the 32 raw bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The first group of the text form: enough for people to tell nodes apart in a table. */
  public String shortForm() {
    return text.substring(0, GROUP_CHARS * 2 + 1);
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeId && Arrays.equals(bytes, ((NodeId) other).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(NodeId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  private static boolean isBase32(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
  }

  private static String format(byte[] bytes) {
    String base32 = new String(Base32.encode(bytes), StandardCharsets.US_ASCII).replace("=", "");
    StringBuilder grouped = new StringBuilder(base32.length() + base32.length() / GROUP_CHARS);
    for (int i = 0; i < base32.length(); i += GROUP_CHARS) {
      if (i > 0) {
        grouped.append('-');
      }
      grouped.append(base32, i, Math.min(i + GROUP_CHARS, base32.length()));
    }
    return grouped.toString();
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
