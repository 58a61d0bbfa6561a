package dev.echomesh.tools;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them: a number and a unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code
 * 1h}, {@code 1.5s}), several in a row ({@code 1m30s}), or ISO-8601 ({@code PT5S}).
 */
final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a one-line reason and examples
   */
  static Duration parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
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
      BigDecimal nanosPerUnit =
          BigDecimal.valueOf(
              switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
              });
      try {
        total = total.plusNanos(amount.multiply(nanosPerUnit).longValueExact());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration");
      }
    }
    return total;
  }

  /** Short human form: {@code 850ms}, {@code 42s}, {@code 5m 3s}, {@code 2h 7m}, {@code 3d 4h}. */
  static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "s");
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    }
    long days = hours / 24;
    return days + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration: use a number and a unit, like 500ms, 5s, 2m or 1h");
  }

  /** Picocli converter for {@link Duration} options: a bad value is a one-line usage error. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
