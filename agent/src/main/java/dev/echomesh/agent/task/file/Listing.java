package dev.echomesh.agent.task.file;

import java.util.List;

/**
 * The regular files of a shared directory, in depth-first name order.
 *
 * @param files at most the bound asked for
 * @param truncated whether more files exist than were listed
 */
public record Listing(List<ListedFile> files, boolean truncated) {

  public Listing {
    files = List.copyOf(files);
  }
}
