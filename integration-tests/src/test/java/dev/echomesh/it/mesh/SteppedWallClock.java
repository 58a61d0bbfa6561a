package dev.echomesh.it.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The wall clock of one process, stepped by the test with libfaketime (Debian package
 * {@code faketime}) as NTP steps a real one: the process runs with libfaketime preloaded, reading
 * its offset from a file on every call ({@code FAKETIME_TIMESTAMP_FILE}, {@code
 * FAKETIME_NO_CACHE=1}), so {@link #offset} takes effect at once. Only the wall clock is faked
 * ({@code FAKETIME_DONT_FAKE_MONOTONIC=1}): {@code System.nanoTime()} keeps running as it does.
 * {@code FAKETIME_FORCE_MONOTONIC_FIX=0}, because with the fix an idle JVM spins two cores.
 */
final class SteppedWallClock {

  /** Where Debian and Ubuntu install the library, per architecture, and elsewhere. */
  private static final List<Path> LIBRARY_DIRECTORIES = List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"));
  private static final String LIBRARY = "libfaketime.so.1";

  private final Path library;
  private final Path file;

  private SteppedWallClock(Path library, Path file) {
    this.library = library;
    this.file = file;
  }

  /** The installed libfaketime, if any ({@code dpkg -L libfaketime} lists it). */
  static Optional<Path> library() {
    for (Path directory : LIBRARY_DIRECTORIES) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(directory)) {
        Optional<Path> found = entries
            .flatMap(entry -> Stream.of(entry.resolve("faketime").resolve(LIBRARY), entry.resolve(LIBRARY)))
            .filter(Files::isRegularFile)
            .findFirst();
        if (found.isPresent()) {
          return found;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + directory, e);
      }
    }
    return Optional.empty();
  }

  /** A clock at the real time (offset 0) whose offset lives in {@code file}. */
  static SteppedWallClock create(Path library, Path file) {
    SteppedWallClock clock = new SteppedWallClock(library, file);
    clock.offset(Duration.ZERO);
    return clock;
  }

  /** What the process must run with. */
  Map<String, String> environment() {
    return Map.of(
        "LD_PRELOAD", library.toString(),
        "FAKETIME_TIMESTAMP_FILE", file.toString(),
        "FAKETIME_NO_CACHE", "1",
        "FAKETIME_DONT_FAKE_MONOTONIC", "1",
        "FAKETIME_FORCE_MONOTONIC_FIX", "0");
  }

  /** Sets the process's wall clock to the real time plus {@code offset} (whole seconds), at once. */
  void offset(Duration offset) {
    long seconds = offset.toSeconds();
    String spec = (seconds < 0 ? "-" : "+") + Math.abs(seconds) + "\n";
    try {
      // Written aside and moved in, so the process never reads half a line.
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, spec, StandardCharsets.US_ASCII);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fake time to " + file, e);
    }
  }
}
