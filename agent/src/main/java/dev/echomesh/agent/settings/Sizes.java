package dev.echomesh.agent.settings;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as people write them in the config file: a number and a binary unit
 * ({@code 512B}, {@code 64KiB}, {@code 1.5MiB}, {@code 2GiB}) or a plain count of bytes.
 * {@link #format} writes the shortest exact form back.
 */
public final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB)?");
  private static final long KIB = 1024;

  /** What {@link #parse} accepts, for error messages. */
  public static final String FORMAT = "a number of bytes or a number and a unit, like 512B, 64KiB or 1MiB";

  private Sizes() {}

  /**
   * @throws IllegalArgumentException with a one-line reason and examples
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: use " + FORMAT);
    }
    long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KiB" -> KIB;
      case "MiB" -> KIB * KIB;
      case "GiB" -> KIB * KIB * KIB;
      default -> 1;
    };
    try {
      return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes, or too large");
    }
  }

  /** The shortest exact form {@link #parse} reads back: {@code 1MiB}, {@code 1536KiB}, {@code 100B}. */
  public static String format(long bytes) {
    String[] units = {"GiB", "MiB", "KiB"};
    long[] factors = {KIB * KIB * KIB, KIB * KIB, KIB};
    for (int i = 0; i < units.length; i++) {
      if (bytes != 0 && bytes % factors[i] == 0) {
        return bytes / factors[i] + units[i];
      }
    }
    return bytes + "B";
  }
}
