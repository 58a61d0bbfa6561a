package dev.echomesh.agent.settings;

/**
 * A setting has a value it does not allow. Carries the setting's key (as written in the config
 * file, e.g. {@code link.connect-timeout}) so that the file reader can name the line it came from.
 */
public final class SettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public SettingException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The setting's config-file key. */
  public String key() {
    return key;
  }
}
