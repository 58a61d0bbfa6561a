package dev.echomesh.agent;

import dev.echomesh.agent.liveness.LocalNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incarnation of this run: larger than every earlier run's, or peers would drop its pings as
 * stale. From the clock ({@link LocalNode#nextIncarnation}), and kept in the data directory (file
 * {@value #FILE}, one decimal number) so that a clock set back cannot reuse an old value.
 */
final class Incarnations {

  /** The file in the data directory. */
  static final String FILE = "incarnation";

  private static final Logger log = LoggerFactory.getLogger(Incarnations.class);

  private Incarnations() {}

  /**
   * The next incarnation, stored in {@code dataDirectory} when it is not null. A missing or
   * unreadable file counts as no earlier run; a failed write is logged, and the clock then
   * carries the guarantee alone.
   */
  static long next(Path dataDirectory, Clock clock) {
    if (dataDirectory == null) {
      return LocalNode.nextIncarnation(clock, 0);
    }
    Path file = dataDirectory.resolve(FILE);
    long next = LocalNode.nextIncarnation(clock, previous(file));
    try {
      Path temporary = dataDirectory.resolve(FILE + ".tmp");
      Files.writeString(temporary, next + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("cannot store the incarnation in {} ({}); relying on the clock alone", file, e.toString());
    }
    return next;
  }

  private static long previous(Path file) {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      log.warn("cannot read the last incarnation from {} ({}); using the clock", file, e.toString());
      return 0;
    }
  }
}
