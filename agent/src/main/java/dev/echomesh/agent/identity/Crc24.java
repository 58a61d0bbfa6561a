package dev.echomesh.agent.identity;

/**
 * CRC-24 as in RFC 4880 section 6.1 (polynomial 0x864CFB, initial value 0xB704CE).
 *
 * <p>An error-detecting code, not a cryptographic one: it catches every burst error of up to 24
 * bits, so every single mistyped base32 character (5 bits) and every swap of two neighbouring
 * characters (10 bits) of a join code.
 */
final class Crc24 {

  private static final int INITIAL = 0xB704CE;
  private static final int POLYNOMIAL = 0x1864CFB;
  private static final int MASK = 0xFFFFFF;

  private Crc24() {}

  static int of(byte[]... parts) {
    int crc = INITIAL;
    for (byte[] part : parts) {
      for (byte b : part) {
        crc ^= (b & 0xFF) << 16;
        for (int bit = 0; bit < 8; bit++) {
          crc <<= 1;
          if ((crc & 0x1000000) != 0) {
            crc ^= POLYNOMIAL;
          }
        }
      }
    }
    return crc & MASK;
  }
}
