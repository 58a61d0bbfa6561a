package dev.echomesh.agent.discovery;

import dev.echomesh.agent.discovery.AnnouncementRejectedException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * DNS-SD TXT record data (RFC 6763 section 6): a sequence of length-prefixed
 * {@code key=value} strings. Keys are printable US-ASCII without {@code =}, compared without
 * case; values here are UTF-8 text.
 */
final class TxtCodec {

  /** Longest single string: its length must fit the one-byte prefix. */
  static final int MAX_STRING_BYTES = 255;
  /** Longest whole record we accept: one mDNS packet's worth (RFC 6763 section 6.2). */
  static final int MAX_RECORD_BYTES = 1300;

  private TxtCodec() {}

  /**
   * Encodes {@code entries} in their iteration order.
   *
   * @throws IllegalArgumentException if a key is not a valid TXT key or an entry is longer than
   *     {@value #MAX_STRING_BYTES} bytes
   */
  static byte[] encode(Map<String, String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      if (!validKey(entry.getKey())) {
        throw new IllegalArgumentException("not a TXT key: '" + entry.getKey() + "'");
      }
      byte[] bytes = (entry.getKey() + "=" + entry.getValue()).getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_STRING_BYTES) {
        throw new IllegalArgumentException("TXT entry " + entry.getKey() + " is " + bytes.length
            + " bytes, more than " + MAX_STRING_BYTES);
      }
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  /**
   * Decodes TXT record data into keys (lower case) and values. A key without {@code =} gets the
   * value "". When a key repeats, the first occurrence counts (RFC 6763 section 6.4). Empty
   * strings (the one zero byte of an empty TXT record) are skipped.
   *
   * @throws AnnouncementRejectedException (MALFORMED) if a length runs past the end, a key is
   *     empty or not printable ASCII, a value is not UTF-8, or the record is over
   *     {@value #MAX_RECORD_BYTES} bytes
   */
  static Map<String, String> decode(byte[] txt) throws AnnouncementRejectedException {
    if (txt.length > MAX_RECORD_BYTES) {
      throw malformed("TXT record of " + txt.length + " bytes is over " + MAX_RECORD_BYTES);
    }
    Map<String, String> entries = new LinkedHashMap<>();
    int offset = 0;
    while (offset < txt.length) {
      int length = txt[offset++] & 0xff;
      if (offset + length > txt.length) {
        throw malformed("TXT string length " + length + " runs past the end of the record");
      }
      if (length > 0) {
        String entry = utf8(txt, offset, length);
        int equals = entry.indexOf('=');
        String key = equals < 0 ? entry : entry.substring(0, equals);
        if (!validKey(key)) {
          throw malformed("TXT key '" + printable(key) + "' is empty or not printable ASCII");
        }
        entries.putIfAbsent(key.toLowerCase(Locale.ROOT), equals < 0 ? "" : entry.substring(equals + 1));
      }
      offset += length;
    }
    return entries;
  }

  private static boolean validKey(String key) {
    return !key.isEmpty() && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '=');
  }

  private static String utf8(byte[] bytes, int offset, int length) throws AnnouncementRejectedException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("TXT string is not UTF-8");
    }
  }

  /** Makes untrusted text safe for a log line: control characters become '?', at most 40 chars. */
  static String printable(String text) {
    String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  private static AnnouncementRejectedException malformed(String message) {
    return new AnnouncementRejectedException(Reason.MALFORMED, message);
  }
}
