package dev.echomesh.agent.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them, in the config file and on the command line: a number and a
 * unit ({@code 250ms}, {@code 3s}, {@code 1.5s}, {@code 5m}), several in a row ({@code 1m30s}),
 * or ISO-8601 ({@code PT5S}); units {@code us}, {@code ms}, {@code s}, {@code m}, {@code h},
 * {@code d}; {@code 0} alone is zero. {@link #format} writes the shortest exact form back.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:us|ms|s|m|h|d))+");

  /** What {@link #parse} accepts, for error messages. */
  public static final String FORMAT = "a number and a unit, like 500ms, 5s, 2m or 1h";

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a one-line reason and examples
   */
  public static Duration parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if ("0".equals(trimmed)) {
      return Duration.ZERO;
    }
    if (trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw invalid(text);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      BigDecimal amount = new BigDecimal(part.group(1));
      long nanosPerUnit = switch (part.group(2)) {
        case "us" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 86_400_000_000_000L;
      };
      try {
        total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration");
      }
    }
    return total;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration: use " + FORMAT);
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
