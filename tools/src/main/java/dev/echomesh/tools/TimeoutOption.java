package dev.echomesh.tools;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --timeout} option of the commands that call tasks. */
final class TimeoutOption {

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Durations.Converter.class,
      description =
          "How long to wait for the result, e.g. 500ms, 5s, 2m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  Duration get() {
    if (timeout.isZero() || timeout.isNegative()) {
      throw CliException.usage("--timeout must be positive, got " + timeout);
    }
    return timeout;
  }
}
