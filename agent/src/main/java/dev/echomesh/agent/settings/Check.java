package dev.echomesh.agent.settings;

import java.time.Duration;

/**
 * The one range check of every setting: a value outside its range is a {@link SettingException}
 * naming the setting, its range and the value given.
 */
public final class Check {

  private Check() {}

  /** {@code value} in [{@code min}, {@code max}]. */
  public static long range(String setting, long value, long min, long max) {
    if (value < min || value > max) {
      throw new SettingException(setting, setting + " must be " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  /** {@code value} in [{@code min}, {@code max}]; null is refused too. */
  public static Duration range(String setting, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new SettingException(setting, setting + " must be " + Durations.format(min) + " to "
          + Durations.format(max) + ", got " + (value == null ? "nothing" : Durations.format(value)));
    }
    return value;
  }

  /** Zero (meaning "off", as the setting documents), or {@code value} in [{@code min}, {@code max}]. */
  public static Duration zeroOrRange(String setting, Duration value, Duration min, Duration max) {
    if (value != null && value.isZero()) {
      return value;
    }
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new SettingException(setting, setting + " must be 0 (off) or " + Durations.format(min) + " to "
          + Durations.format(max) + ", got " + (value == null ? "nothing" : Durations.format(value)));
    }
    return value;
  }

  /**
   * {@code value} of {@code setting} longer than {@code bound}, the value of the setting {@code
   * shorter} (e.g. liveness.dead-after longer than liveness.suspect-after).
   */
  public static void longerThan(String setting, Duration value, String shorter, Duration bound) {
    that(value.compareTo(bound) > 0, setting, "longer than " + valueOf(shorter, bound), Durations.format(value));
  }

  /** {@code value} of {@code setting} at least {@code bound}, the value of the setting {@code shorter}. */
  public static void atLeast(String setting, Duration value, String shorter, Duration bound) {
    that(value.compareTo(bound) >= 0, setting, "at least " + valueOf(shorter, bound), Durations.format(value));
  }

  /**
   * {@code value} of {@code setting} zero (meaning "off", as the setting documents) or at least
   * {@code bound}, the value of the setting {@code shorter}.
   */
  public static void zeroOrAtLeast(String setting, Duration value, String shorter, Duration bound) {
    that(value.isZero() || value.compareTo(bound) >= 0, setting, "0 or at least " + valueOf(shorter, bound),
        Durations.format(value));
  }

  private static String valueOf(String setting, Duration value) {
    return setting + " (" + Durations.format(value) + ")";
  }

  /** Fails unless {@code condition} holds; {@code rule} says what is allowed. */
  public static void that(boolean condition, String setting, String rule, Object value) {
    if (!condition) {
      throw new SettingException(setting, setting + " must be " + rule + ", got " + value);
    }
  }
}
