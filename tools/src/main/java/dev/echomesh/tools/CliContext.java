package dev.echomesh.tools;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands read and write instead of {@code System.*}, so that tests run them in process
 * with captured streams, a chosen environment and a fixed clock.
 *
 * @param stdin where {@code -} payloads and join codes are read from
 * @param stdout results: payloads, tables, JSON
 * @param stderr one-line errors and guidance for people
 * @param env the environment ({@code ECHOMESH_DATA_DIR}, {@code HOME}, ...)
 * @param clock "now" for ages like "3s ago"
 * @param terminal whether stdout is a terminal (adds a final newline to payloads, redraws {@code
 *     peers --watch} in place)
 */
public record CliContext(
    InputStream stdin,
    PrintStream stdout,
    PrintStream stderr,
    Map<String, String> env,
    Clock clock,
    boolean terminal) {

  public CliContext {
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    env = Map.copyOf(env);
    Objects.requireNonNull(clock, "clock");
  }

  /** The real process: System streams and environment, the system clock. */
  public static CliContext system() {
    return new CliContext(
        System.in,
        System.out,
        System.err,
        System.getenv(),
        Clock.systemUTC(),
        System.console() != null);
  }
}
