package dev.echomesh.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The events a probe process printed to its output file, one a line: {@code <kind> <unix
 * millis> [details]}. Lines in any other form (log lines) are ignored.
 */
final class ProbeLog {

  /** How often {@link #await} reads the file again. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

  /**
   * One event.
   *
   * @param kind e.g. {@code resolved}
   * @param millis when, in Unix milliseconds by the probe's clock (the machine's)
   * @param details the rest of the line
   */
  record Event(String kind, long millis, String details) {

    /** The {@code index}-th word of the details, from 0; empty when there is none. */
    String word(int index) {
      String[] words = details.isEmpty() ? new String[0] : details.split(" ");
      return index < words.length ? words[index] : "";
    }
  }

  private final Path file;

  ProbeLog(Path file) {
    this.file = file;
  }

  /** Every event so far, in order. */
  List<Event> events() {
    List<Event> events = new ArrayList<>();
    String text;
    try {
      text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    for (String line : text.split("\n")) {
      parse(line).ifPresent(events::add);
    }
    return events;
  }

  /**
   * Waits up to {@code timeout} for an event matching {@code wanted}.
   *
   * @return the first matching event; empty when none came in time
   */
  Optional<Event> await(Predicate<Event> wanted, Duration timeout) {
    return await(wanted, timeout, () -> false);
  }

  /**
   * Waits up to {@code timeout} for an event matching {@code wanted}, giving up early once
   * {@code hopeless} says no such event can come (e.g. the process exited).
   *
   * @return the first matching event; empty when none came
   */
  Optional<Event> await(Predicate<Event> wanted, Duration timeout, BooleanSupplier hopeless) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean last = hopeless.getAsBoolean();
      Optional<Event> found = events().stream().filter(wanted).findFirst();
      if (found.isPresent() || last || System.nanoTime() - deadline > 0) {
        return found;
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
  }

  static Optional<Event> parse(String line) {
    String[] parts = line.strip().split(" ", 3);
    if (parts.length < 2 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isLowerCase)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Event(parts[0], Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ProbeLog[" + file + "]";
  }
}
