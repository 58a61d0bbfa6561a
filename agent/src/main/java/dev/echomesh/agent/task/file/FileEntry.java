package dev.echomesh.agent.task.file;

import java.time.Instant;
import java.util.Objects;

/**
 * A regular file of a shared directory as a walk or a listing found it.
 *
 * @param name its name below the directory's root
 * @param sizeBytes its size when looked at
 * @param mode its permission bits (0777 at most; Java's POSIX view does not show setuid, setgid
 *     or sticky, so they are never sent)
 * @param lastModified its modification time
 */
public record FileEntry(RelativeName name, long sizeBytes, int mode, Instant lastModified) {

  public FileEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastModified, "lastModified");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
    }
  }
}
