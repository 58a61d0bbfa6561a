package dev.echomesh.agent.task.file;

import java.util.Objects;

/**
 * A file received, verified and in place under its final name.
 *
 * @param name its name below the inbox
 * @param sizeBytes its size
 * @param sha256 its verified SHA-256
 * @param mode the permission bits it was given
 * @param replaced whether it replaced an existing file (overwrite was asked)
 */
public record ReceivedFile(RelativeName name, long sizeBytes, Sha256 sha256, int mode, boolean replaced) {

  public ReceivedFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
  }
}
