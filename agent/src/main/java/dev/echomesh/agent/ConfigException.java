package dev.echomesh.agent;

import java.nio.file.Path;

/**
 * The config file cannot be used: missing (when named explicitly), unreadable, not TOML, or a
 * key that does not exist or a value it does not allow. {@link #getMessage()} is one line that
 * names the file, the line, the key and what is allowed, e.g.
 * {@code /home/pi/.echomesh/echomesh.toml:7: link.connect-timeout must be 1ms to 5m, got 10m}.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String key;

  /**
   * @param line 1-based; 0 when unknown
   * @param key the setting's key; empty when the file as a whole is at fault
   */
  public ConfigException(Path file, int line, String key, String message) {
    super(oneLine(file == null ? message : file + (line > 0 ? ":" + line : "") + ": " + message));
    this.file = file;
    this.line = line;
    this.key = key;
  }

  /**
   * {@code text} with every control character written as an escape (backslash-n, backslash-t, or
   * backslash-u and four hex digits): a value quoted from the file may hold any of them (TOML
   * strings have escapes), and the message must stay one line in a log or a terminal.
   */
  static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** The config file; null when the settings did not come from a file. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the faulty key; 0 when unknown. */
  public int line() {
    return line;
  }

  /** The faulty key, e.g. {@code link.port}; empty when the whole file is at fault. */
  public String key() {
    return key;
  }
}
