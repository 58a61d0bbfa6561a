package dev.echomesh.agent.task.file;

import java.util.Objects;

/**
 * Something a walk found and left out, with the reason; shown to the user, never sent.
 *
 * @param path the '/'-separated path below the root as found (may contain anything; quote it
 *     with {@link #printablePath()} before printing)
 * @param reason why it was left out
 * @param detail one line for the user
 */
public record SkippedEntry(String path, Reason reason, String detail) {

  /** Why an entry was left out of a walk. */
  public enum Reason {
    /** A symbolic link: never followed, wherever it points. */
    SYMBOLIC_LINK,
    /** A device, FIFO or socket. */
    SPECIAL_FILE,
    /** Its name breaks the {@link RelativeName} rules (control characters, too long, ...). */
    INVALID_NAME,
    /** A partial file of an unfinished transfer. */
    PARTIAL_TRANSFER,
    /** It could not be read (permissions, removed meanwhile). */
    UNREADABLE
  }

  public SkippedEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** The path quoted for display, controls escaped. */
  public String printablePath() {
    return Printable.quote(path);
  }
}
