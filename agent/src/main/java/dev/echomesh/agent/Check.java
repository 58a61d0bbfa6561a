package dev.echomesh.agent;

import java.time.Duration;
import java.util.Objects;

/** Range checks whose messages name the option and its range. */
final class Check {

  private Check() {}

  static void range(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  static void range(String option, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, option);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(option + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
