package dev.echomesh.tools;

import java.time.Duration;

/** The {@code --days} of the {@code ca} commands. */
final class CaValidity {

  /** The longest validity {@code --days} accepts: 100 years. */
  static final int MAX_DAYS = 36_500;

  private CaValidity() {}

  /**
   * {@code days} as a duration.
   *
   * @throws CliException a usage error naming {@code command} when {@code days} is out of range
   */
  static Duration days(String command, int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw CliException.usage(command + ": --days must be 1 to " + MAX_DAYS + ", got " + days);
    }
    return Duration.ofDays(days);
  }
}
