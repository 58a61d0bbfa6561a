package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.file.InvalidNameException;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.SharedDirectory;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shared directories by name, and the resolution of a served name {@code SHARE/REST} to a
 * directory and a name below it. Directories are opened per call, so a share made after the start
 * is served and one removed is NOT_FOUND.
 */
final class Shares {

  /** A name resolved: the share's name, its directory (open; the caller closes it) and the rest. */
  record Resolved(String share, SharedDirectory directory, Optional<RelativeName> rest) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      directory.close();
    }

    /** {@code name} below the directory as a served name. */
    String served(RelativeName name) {
      return share + "/" + name;
    }
  }

  private final Map<String, Path> shares;

  Shares(Map<String, Path> shares) {
    this.shares = new TreeMap<>(shares);
  }

  /** The share names, sorted. */
  List<String> names() {
    return List.copyOf(shares.keySet());
  }

  /**
   * Opens the share {@code name} begins with.
   *
   * @throws InvalidNameException when {@code name} is not a relative name
   * @throws NoSuchFileException when no share has that name or its directory is missing
   */
  Resolved resolve(String name) throws IOException {
    RelativeName parsed = RelativeName.parse(name);
    List<String> segments = parsed.segments();
    Path root = shares.get(segments.get(0));
    if (root == null) {
      throw new NoSuchFileException(segments.get(0), null, "no share of that name (shares: "
          + (shares.isEmpty() ? "none" : String.join(", ", shares.keySet())) + ")");
    }
    Optional<RelativeName> rest = segments.size() == 1
        ? Optional.empty()
        : Optional.of(RelativeName.parse(String.join("/", segments.subList(1, segments.size()))));
    return new Resolved(segments.get(0), SharedDirectory.open(root), rest);
  }
}
