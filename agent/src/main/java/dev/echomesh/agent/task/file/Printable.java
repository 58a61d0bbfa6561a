package dev.echomesh.agent.task.file;

/** Renders untrusted names for one-line messages and logs: controls escaped, length bounded. */
public final class Printable {

  /** Longest rendering of a name in a message, in chars, before it is cut with "...". */
  static final int MAX_CHARS = 160;

  private Printable() {}

  /** {@code text} quoted, with control, format and non-ASCII space characters as {@code \\uXXXX}. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('\'');
    for (int i = 0; i < text.length(); i++) {
      if (out.length() > MAX_CHARS) {
        return out.append("...'").toString();
      }
      char c = text.charAt(i);
      if (c == '\\' || c == '\'') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || isUnsafeForDisplay(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** "U+0000" style rendering of one code point. */
  static String codePoint(int codePoint) {
    return String.format("U+%04X", codePoint);
  }

  private static boolean isUnsafeForDisplay(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }
}
