package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The nodes this agent refuses: those of the config file ({@code deny}, replaced on reload) and
 * those denied live ({@link Agent#deny}), which are kept in the data directory's
 * {@code denied-nodes} file so that they stay denied across restarts. That file is owner-only
 * (0600), one node ID a line, {@code #} comments allowed, written whole and moved into place.
 * Thread-safe; readers see a snapshot.
 */
final class DenyList {

  /** The file of live denials in the data directory. */
  static final String FILE_NAME = "denied-nodes";

  private final Path file;
  private Set<NodeId> configured;
  private final Set<NodeId> live;
  private volatile Set<NodeId> all;

  private DenyList(Path file, Set<NodeId> configured, Set<NodeId> live) {
    this.file = file;
    this.configured = Set.copyOf(configured);
    this.live = new LinkedHashSet<>(live);
    this.all = union();
  }

  /**
   * @param dataDirectory where {@code denied-nodes} lives; null keeps live denials in memory only
   * @throws IOException when the file exists but cannot be read, or holds a line that is not a
   *     node ID (the agent must not start letting a revoked node in)
   */
  static DenyList load(Path dataDirectory, Set<NodeId> configured) throws IOException {
    Path file = dataDirectory == null ? null : dataDirectory.resolve(FILE_NAME);
    return new DenyList(file, configured, file == null ? Set.of() : read(file));
  }

  private static Set<NodeId> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Set.of();
    }
    Set<NodeId> ids = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        ids.add(NodeId.parse(line));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ":" + (i + 1) + ": not a node ID (" + e.getMessage()
            + "); fix or delete the line");
      }
    }
    return ids;
  }

  /** Whether {@code id} is refused. */
  boolean contains(NodeId id) {
    return all.contains(id);
  }

  /** Every refused node. */
  Set<NodeId> all() {
    return all;
  }

  /**
   * Denies {@code id} and keeps it so across restarts.
   *
   * @return whether it was not denied before
   * @throws UncheckedIOException when the file cannot be written (the node is not denied then)
   */
  synchronized boolean deny(NodeId id) {
    if (all.contains(id)) {
      return false;
    }
    live.add(id);
    try {
      write();
    } catch (IOException e) {
      live.remove(id);
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    all = union();
    return true;
  }

  /**
   * Lifts a live denial of {@code id}.
   *
   * @return whether it was denied live before
   * @throws IllegalStateException when the config file denies it: the file decides
   * @throws UncheckedIOException when the file cannot be written (the node stays denied then)
   */
  synchronized boolean allow(NodeId id) {
    if (configured.contains(id)) {
      throw new IllegalStateException("node " + id + " is denied in the config file (key deny):"
          + " remove it there and reload");
    }
    if (!live.remove(id)) {
      return false;
    }
    try {
      write();
    } catch (IOException e) {
      live.add(id);
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    all = union();
    return true;
  }

  /** Replaces the config file's denials (on reload). */
  synchronized void replaceConfigured(Set<NodeId> nodes) {
    configured = Set.copyOf(nodes);
    all = union();
  }

  private Set<NodeId> union() {
    Set<NodeId> union = new LinkedHashSet<>(configured);
    union.addAll(live);
    return Set.copyOf(union);
  }

  private void write() throws IOException {
    if (file == null) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Nodes denied with `echomesh deny` (Agent.deny): refused at the link handshake and ignored");
    lines.add("# by liveness. One node ID a line; `echomesh allow ID` removes one. Written by the agent.");
    live.forEach(id -> lines.add(id.toString()));
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(temporary);
    } catch (FileAlreadyExistsException raced) {
      throw new IOException("another writer holds " + temporary, raced);
    }
    Files.write(temporary, lines, StandardCharsets.UTF_8);
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
