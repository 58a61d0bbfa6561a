package dev.echomesh.agent.settings;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One setting, defined once: its config-file key, what it does, its default and what it allows.
 * The configuration record that owns it takes its default from {@link #defaultValue()} and checks
 * values with {@link #check}; the config file reader and the reference page read the rest.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {

  /** The kind of value, which says how the config file writes it. */
  public enum Kind {
    /** A TOML string such as {@code "250ms"}; see {@link Durations}. */
    DURATION("duration"),
    /** A TOML integer. */
    INTEGER("integer"),
    /** A count of bytes: a TOML integer, or a string such as {@code "1MiB"}; see {@link Sizes}. */
    SIZE("size"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** A TOML string. */
    STRING("string"),
    /** A TOML string holding an IP address literal (never a DNS name). */
    ADDRESS("IP address"),
    /** A TOML string holding a file system path. */
    PATH("path"),
    /** A TOML string holding {@code HOST:PORT}. */
    HOST_PORT("\"HOST:PORT\""),
    /** An array of TOML strings. */
    STRING_LIST("array of strings"),
    /** An array of {@code "HOST:PORT"} strings; {@code "HOST"} alone means the well-known link port. */
    HOST_PORT_LIST("array of \"HOST:PORT\""),
    /** An array of node IDs. */
    NODE_ID_LIST("array of node IDs");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** How the reference page names the kind. */
    public String text() {
      return text;
    }
  }

  private final String key;
  private final Kind kind;
  private final T defaultValue;
  private final String defaultText;
  private final String allowed;
  private final String description;
  private final UnaryOperator<T> check;

  private Setting(String key, Kind kind, T defaultValue, String defaultText, String allowed,
      String description, UnaryOperator<T> check) {
    this.key = Objects.requireNonNull(key, "key");
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.allowed = allowed;
    this.description = description;
    this.check = check;
  }

  /** A duration in [{@code min}, {@code max}]. */
  public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, Duration max,
      String description) {
    return new Setting<>(key, Kind.DURATION, defaultValue, Durations.format(defaultValue),
        Durations.format(min) + " to " + Durations.format(max), description,
        v -> Check.range(key, v, min, max));
  }

  /** A duration that is 0 (off, as {@code description} says) or in [{@code min}, {@code max}]. */
  public static Setting<Duration> durationOrZero(String key, Duration defaultValue, Duration min, Duration max,
      String description) {
    return new Setting<>(key, Kind.DURATION, defaultValue, Durations.format(defaultValue),
        "0, or " + Durations.format(min) + " to " + Durations.format(max), description,
        v -> Check.zeroOrRange(key, v, min, max));
  }

  /** An integer in [{@code min}, {@code max}]. */
  public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
    return integer(key, defaultValue, String.valueOf(defaultValue), min, max, description);
  }

  /** An integer in [{@code min}, {@code max}] whose default depends on the machine. */
  public static Setting<Integer> integer(String key, int defaultValue, String defaultText, int min, int max,
      String description) {
    return new Setting<>(key, Kind.INTEGER, defaultValue, defaultText, min + " to " + max, description,
        v -> {
          Check.range(key, v == null ? Long.MIN_VALUE : v, min, max);
          return v;
        });
  }

  /** A size in bytes in [{@code min}, {@code max}]. */
  public static Setting<Long> size(String key, long defaultValue, long min, long max, String description) {
    return new Setting<>(key, Kind.SIZE, defaultValue, Sizes.format(defaultValue),
        Sizes.format(min) + " to " + Sizes.format(max), description,
        v -> {
          if (v == null || v < min || v > max) {
            throw new SettingException(key, key + " must be " + Sizes.format(min) + " to " + Sizes.format(max)
                + ", got " + (v == null ? "nothing" : Sizes.format(v)));
          }
          return v;
        });
  }

  /** {@code true} or {@code false}. */
  public static Setting<Boolean> flag(String key, boolean defaultValue, String description) {
    return new Setting<>(key, Kind.BOOLEAN, defaultValue, String.valueOf(defaultValue), "true or false",
        description, UnaryOperator.identity());
  }

  /**
   * Any other value; its owner checks it when built, and {@code allowed} says what it allows.
   */
  public static <T> Setting<T> of(String key, Kind kind, T defaultValue, String defaultText, String allowed,
      String description) {
    return new Setting<>(key, kind, defaultValue, defaultText, allowed, description, UnaryOperator.identity());
  }

  /**
   * Any other value, checked by {@code check} when read (which throws a {@link SettingException}
   * naming this setting); {@code allowed} says what it allows.
   */
  public static <T> Setting<T> checked(String key, Kind kind, T defaultValue, String defaultText,
      String allowed, String description, UnaryOperator<T> check) {
    return new Setting<>(key, kind, defaultValue, defaultText, allowed, description, check);
  }

  /**
   * Returns {@code value} when this setting allows it.
   *
   * @throws SettingException naming this setting and its range otherwise
   */
  public T check(T value) {
    return check.apply(value);
  }

  /** The key in the config file, e.g. {@code link.connect-timeout}. */
  public String key() {
    return key;
  }

  /** How the config file writes the value. */
  public Kind kind() {
    return kind;
  }

  /** The default; may be null when the default is "none". */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as the reference page shows it. */
  public String defaultText() {
    return defaultText;
  }

  /** The values allowed, as the reference page shows them. */
  public String allowed() {
    return allowed;
  }

  /** What the setting does, one or two sentences. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return key;
  }
}
