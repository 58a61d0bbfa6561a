package dev.echomesh.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each key of a TOML document is written, for error messages: the TOML parser reports lines
 * of syntax errors only, so the lines of keys are read here from the text. Tracks {@code [table]}
 * headers and {@code key = value} lines (bare, quoted and dotted keys); a key inside a multi-line
 * string is not told apart, which at worst names a wrong line in a message.
 */
final class KeyLines {

  private static final String KEY_PART = "(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')";
  private static final String KEY = KEY_PART + "(?:\\s*\\.\\s*" + KEY_PART + ")*";
  private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\[?\\s*(" + KEY + ")\\s*\\]\\]?");
  private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(" + KEY + ")\\s*=");
  private static final Pattern PART = Pattern.compile(KEY_PART);

  private final Map<String, Integer> lines = new HashMap<>();

  private KeyLines() {}

  static KeyLines of(String toml) {
    KeyLines result = new KeyLines();
    String table = "";
    String[] text = toml.split("\r?\n", -1);
    for (int i = 0; i < text.length; i++) {
      Matcher header = TABLE.matcher(text[i]);
      if (header.find()) {
        table = normalize(header.group(1));
        result.lines.putIfAbsent(table, i + 1);
        continue;
      }
      Matcher assignment = ASSIGNMENT.matcher(text[i]);
      if (assignment.find()) {
        String key = normalize(assignment.group(1));
        result.lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
      }
    }
    return result;
  }

  /** The line {@code key} (dotted, e.g. {@code link.port}) is written on, or of its nearest written parent; 0 if none. */
  int lineOf(String key) {
    String k = key;
    while (true) {
      Integer line = lines.get(k);
      if (line != null) {
        return line;
      }
      int dot = k.lastIndexOf('.');
      if (dot < 0) {
        return 0;
      }
      k = k.substring(0, dot);
    }
  }

  private static String normalize(String dotted) {
    StringBuilder key = new StringBuilder();
    Matcher part = PART.matcher(dotted);
    while (part.find()) {
      String p = part.group();
      if (p.startsWith("\"") || p.startsWith("'")) {
        p = p.substring(1, p.length() - 1);
      }
      key.append(key.length() == 0 ? "" : ".").append(p);
    }
    return key.toString();
  }
}
