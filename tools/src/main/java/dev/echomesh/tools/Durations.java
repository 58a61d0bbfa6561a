package dev.echomesh.tools;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: parsed as in the config file ({@link
 * dev.echomesh.agent.settings.Durations}), shown in a short human form.
 */
final class Durations {

  private Durations() {}

  /**
   * @see dev.echomesh.agent.settings.Durations#parse, the one parser of durations typed by people
   * @throws IllegalArgumentException with a one-line reason and examples
   */
  static Duration parse(String text) {
    return dev.echomesh.agent.settings.Durations.parse(text);
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
