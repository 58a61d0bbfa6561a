package dev.echomesh.agent.task.file;

import java.util.List;

/**
 * The outcome of walking a shared directory: its regular files in depth-first name order (the
 * order of {@link RelativeName#compareTo}), what was left out and why, and whether the walk
 * stopped at its bound.
 *
 * @param files regular files, in a stable order
 * @param skipped entries left out, in the order found; at most as many as the walk's bound
 * @param truncated whether the walk stopped at its bound with entries left unseen
 */
public record Walk(List<FileEntry> files, List<SkippedEntry> skipped, boolean truncated) {

  public Walk {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }
}
