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
    super(file == null ? message : file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
    this.key = key;
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
