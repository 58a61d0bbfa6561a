package dev.echomesh.agent.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text in the API's own headers ({@code Echomesh-Message}, {@code Echomesh-Peer-Name}): UTF-8,
 * percent-encoded where a byte is not printable ASCII or is '%', so any message fits a header.
 * Plain ASCII text needs no encoding.
 */
final class HeaderText {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderText() {}

  static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes {@code %XX} sequences, then UTF-8; a '%' not followed by two hex digits stays as it
   * is. Null reads as empty.
   */
  static String decode(String header) {
    if (header == null) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(header.length());
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '%'
          && i + 2 < header.length()
          && hex(header.charAt(i + 1)) >= 0
          && hex(header.charAt(i + 2)) >= 0) {
        out.write(hex(header.charAt(i + 1)) * 16 + hex(header.charAt(i + 2)));
        i += 2;
      } else if (c < 0x100) {
        out.write(c); // header bytes arrive as ISO-8859-1 chars: raw UTF-8 decodes too
      } else {
        out.write('?');
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
