package dev.echomesh.agent.task.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of partial files: {@code .<file name>.<key>.part} beside the final file, where {@code key}
 * is 16 hex digits of SHA-256(sender ID, NUL, declared size). So one sender re-sending the same
 * name and size finds its own partial file and resumes it, while two senders of the same name
 * (or one sender sending two sizes) write different files and never corrupt each other. Content
 * changes between attempts are caught by the prefix check and the final SHA-256, not by the key.
 */
final class PartName {

  /** Hex digits of the key: 64 bits, so distinct senders do not collide in practice. */
  static final int KEY_HEX_DIGITS = 16;

  /** Bytes the decoration adds to a file name: '.', '.', the key and ".part". */
  static final int OVERHEAD_BYTES = 2 + KEY_HEX_DIGITS + ".part".length();

  private static final Pattern PART = Pattern.compile("\\..+\\.[0-9a-f]{" + KEY_HEX_DIGITS + "}\\.part");

  private PartName() {}

  /** The partial file's name for {@code fileName} received from {@code senderId} with {@code size}. */
  static String of(String fileName, String senderId, long size) {
    return "." + fileName + "." + key(senderId, size) + ".part";
  }

  /** Whether {@code segment} has the form of a partial file's name. */
  static boolean looksLikePart(String segment) {
    return PART.matcher(segment).matches();
  }

  private static String key(String senderId, long size) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(senderId.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest.digest()).substring(0, KEY_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
