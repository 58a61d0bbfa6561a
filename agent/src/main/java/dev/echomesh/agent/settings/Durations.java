package dev.echomesh.agent.settings;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in the config file and read them in messages: a whole number
 * and a unit, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, e.g.
 * {@code 250ms}, {@code 3s}, {@code 5m}; {@code 0} alone is zero.
 */
public final class Durations {

  private static final Pattern TEXT = Pattern.compile("(\\d{1,12})(us|ms|s|m|h|d)");

  /** What {@link #parse} accepts, for error messages. */
  public static final String FORMAT = "a whole number and a unit (us, ms, s, m, h, d), e.g. \"250ms\" or \"3s\"";

  private Durations() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a number with a unit
   */
  public static Duration parse(String text) {
    if ("0".equals(text)) {
      return Duration.ZERO;
    }
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: " + FORMAT);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "us" -> Duration.ofNanos(n * 1000);
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The shortest exact form {@link #parse} reads back: {@code 1200ms}, {@code 3s}, {@code 0}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long nanos = d.toNanos();
    if (nanos % 1000 != 0) {
      return d.toString();
    }
    long[] factors = {86_400_000_000L, 3_600_000_000L, 60_000_000L, 1_000_000L, 1000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms", "us"};
    long micros = nanos / 1000;
    for (int i = 0; i < factors.length; i++) {
      if (micros % factors[i] == 0) {
        return micros / factors[i] + units[i];
      }
    }
    throw new AssertionError("unreachable: us divides every duration here");
  }
}
