package dev.echomesh.agent.task.file;

import dev.echomesh.agent.task.file.SkippedEntry.Reason;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One bounded depth-first walk below an open directory, each directory's names sorted, every
 * step relative to an open parent without following links (see {@link SecureTree}).
 */
final class TreeWalker {

  /**
   * Most names read from one directory: they are held to be sorted, so this bounds the memory of
   * a walk (about 100 bytes a name). A larger directory is skipped as unreadable.
   */
  static final int MAX_DIRECTORY_ENTRIES = 250_000;

  private final Path rootPath;
  private final int maxFiles;
  private final List<FileEntry> files = new ArrayList<>();
  private final List<SkippedEntry> skipped = new ArrayList<>();
  private boolean truncated;

  private TreeWalker(Path rootPath, int maxFiles) {
    this.rootPath = rootPath;
    this.maxFiles = maxFiles;
  }

  /**
   * Walks {@code start}, whose path below the root is {@code prefix} ("" for the root), keeping at
   * most {@code maxFiles} files and as many skipped entries.
   */
  static Walk walk(Path rootPath, SecureDirectoryStream<Path> start, String prefix, int maxFiles) throws IOException {
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be >= 1, got " + maxFiles);
    }
    TreeWalker walker = new TreeWalker(rootPath, maxFiles);
    walker.walkDirectory(start, prefix);
    return new Walk(walker.files, walker.skipped, walker.truncated);
  }

  private void walkDirectory(SecureDirectoryStream<Path> directory, String prefix) throws IOException {
    Optional<List<String>> names = sortedNames(directory, prefix);
    if (names.isEmpty()) {
      return;
    }
    for (String name : names.get()) {
      if (truncated) {
        return;
      }
      String path = prefix.isEmpty() ? name : prefix + "/" + name;
      visit(directory, name, path);
    }
  }

  private void visit(SecureDirectoryStream<Path> directory, String name, String path) throws IOException {
    Path segment = rootPath.getFileSystem().getPath(name);
    Optional<PosixFileAttributes> found;
    try {
      found = SecureTree.stat(directory, segment);
    } catch (IOException e) {
      skip(path, Reason.UNREADABLE, String.valueOf(e.getMessage()));
      return;
    }
    if (found.isEmpty()) {
      return; // removed since the directory was read
    }
    PosixFileAttributes attributes = found.get();
    if (attributes.isSymbolicLink()) {
      skip(path, Reason.SYMBOLIC_LINK, "symbolic links are never followed");
    } else if (attributes.isOther()) {
      skip(path, Reason.SPECIAL_FILE, "devices, FIFOs and sockets are never sent");
    } else if (attributes.isDirectory()) {
      visitDirectory(directory, segment, path);
    } else if (PartName.looksLikePart(name)) {
      skip(path, Reason.PARTIAL_TRANSFER, "a partial file of an unfinished transfer");
    } else {
      visitFile(path, attributes);
    }
  }

  private void visitDirectory(SecureDirectoryStream<Path> directory, Path segment, String path) throws IOException {
    RelativeName name;
    try {
      name = RelativeName.parse(path);
    } catch (InvalidNameException e) {
      skip(path, Reason.INVALID_NAME, e.getMessage());
      return;
    }
    if (name.segments().size() >= RelativeName.MAX_DEPTH) {
      skip(path, Reason.INVALID_NAME, "deeper than " + RelativeName.MAX_DEPTH + " segments");
      return;
    }
    SecureDirectoryStream<Path> child;
    try {
      child = directory.newDirectoryStream(segment, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      skip(path, Reason.UNREADABLE, String.valueOf(e.getMessage()));
      return;
    }
    try (child) {
      walkDirectory(child, path);
    }
  }

  private void visitFile(String path, PosixFileAttributes attributes) {
    RelativeName name;
    try {
      name = RelativeName.parse(path);
    } catch (InvalidNameException e) {
      skip(path, Reason.INVALID_NAME, e.getMessage());
      return;
    }
    if (files.size() == maxFiles) {
      truncated = true;
      return;
    }
    files.add(new FileEntry(name, attributes.size(), FileMode.fromPermissions(attributes.permissions()),
        attributes.lastModifiedTime().toInstant()));
  }

  private Optional<List<String>> sortedNames(SecureDirectoryStream<Path> directory, String prefix) {
    List<String> names = new ArrayList<>();
    try {
      for (Path entry : directory) {
        if (names.size() == MAX_DIRECTORY_ENTRIES) {
          skip(prefix, Reason.UNREADABLE, "more than " + MAX_DIRECTORY_ENTRIES + " entries in one directory");
          return Optional.empty();
        }
        names.add(entry.getFileName().toString());
      }
    } catch (DirectoryIteratorException e) {
      skip(prefix, Reason.UNREADABLE, String.valueOf(e.getCause().getMessage()));
      return Optional.empty();
    }
    Collections.sort(names);
    return Optional.of(names);
  }

  private void skip(String path, Reason reason, String detail) {
    if (skipped.size() < maxFiles) {
      skipped.add(new SkippedEntry(path, reason, detail));
    }
  }
}
