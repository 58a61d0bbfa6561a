package dev.echomesh.agent.task.file;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a listing.
 *
 * @param file name, size, mode and modification time
 * @param sha256 the content's SHA-256 when the listing was asked for digests
 */
public record ListedFile(FileEntry file, Optional<Sha256> sha256) {

  public ListedFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
  }
}
