package dev.echomesh.agent.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;

/**
 * The text form of a mesh key that a person types on another device.
 *
 * <p>Format: {@code EM1-} followed by 56 base32 characters (RFC 4648 alphabet A-Z, 2-7) in
 * groups of four separated by dashes, for example
 * {@code EM1-ABCD-EFGH-...-WXYZ} (73 characters in all). The 56 characters encode 35 bytes: the
 * 32 key bytes and a 3-byte CRC-24 over {@code "EM1"} and the key. 35 bytes are exactly 280 bits,
 * so no character carries unused padding bits, every character matters, and the CRC refuses every
 * single mistyped character and every swap of neighbouring characters. The CRC is not a secret
 * and adds no security: it only catches typing mistakes.
 *
 * <p>Parsing ignores case, dashes and white space, so people may type the code in lower case or
 * without the dashes.
 */
final class JoinCode {

  static final String PREFIX = "EM1";
  static final int KEY_BYTES = 32;
  private static final int CHECKSUM_BYTES = 3;
  /** Base32 characters of key and checksum: 35 bytes * 8 / 5. */
  static final int BODY_CHARS = (KEY_BYTES + CHECKSUM_BYTES) * 8 / 5;
  private static final int GROUP_CHARS = 4;

  private JoinCode() {}

  static String format(byte[] key) {
    byte[] payload = Arrays.copyOf(key, KEY_BYTES + CHECKSUM_BYTES);
    int crc = checksum(key);
    payload[KEY_BYTES] = (byte) (crc >>> 16);
    payload[KEY_BYTES + 1] = (byte) (crc >>> 8);
    payload[KEY_BYTES + 2] = (byte) crc;
    String body = new String(Base32.encode(payload), StandardCharsets.US_ASCII);
    StringBuilder text = new StringBuilder(PREFIX);
    for (int i = 0; i < body.length(); i += GROUP_CHARS) {
      text.append('-').append(body, i, i + GROUP_CHARS);
    }
    return text.toString();
  }

  /**
   * Returns the 32 key bytes of {@code text}.
   *
   * @throws IllegalArgumentException with a one-line reason a person can act on
   */
  static byte[] parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("join code is empty");
    }
    String compact = text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (!compact.startsWith(PREFIX)) {
      if (compact.length() >= PREFIX.length() && compact.startsWith("EM")) {
        throw new IllegalArgumentException(
            "join code version " + compact.substring(0, PREFIX.length())
                + " is not supported: this echomesh reads " + PREFIX + " codes");
      }
      throw new IllegalArgumentException(
          "not an echomesh join code: it starts with " + PREFIX + "-");
    }
    String body = compact.substring(PREFIX.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
        throw new IllegalArgumentException(
            "join code has '" + c + "' at character " + (PREFIX.length() + i + 1)
                + ": only letters A-Z and digits 2-7 are used");
      }
    }
    if (body.length() < BODY_CHARS) {
      throw new IllegalArgumentException(
          "join code is truncated: expected " + BODY_CHARS + " characters after " + PREFIX
              + ", got " + body.length());
    }
    if (body.length() > BODY_CHARS) {
      throw new IllegalArgumentException(
          "join code is too long: expected " + BODY_CHARS + " characters after " + PREFIX
              + ", got " + body.length());
    }
    byte[] payload = Base32.decode(body);
    byte[] key = Arrays.copyOf(payload, KEY_BYTES);
    int stated =
        (payload[KEY_BYTES] & 0xFF) << 16
            | (payload[KEY_BYTES + 1] & 0xFF) << 8
            | (payload[KEY_BYTES + 2] & 0xFF);
    Arrays.fill(payload, (byte) 0);
    if (stated != checksum(key)) {
      Arrays.fill(key, (byte) 0);
      throw new IllegalArgumentException("join code checksum does not match: check for a typo");
    }
    return key;
  }

  private static int checksum(byte[] key) {
    return Crc24.of(PREFIX.getBytes(StandardCharsets.US_ASCII), key);
  }
}
