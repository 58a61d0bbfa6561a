package dev.echomesh.agent.task.file;

import dev.echomesh.agent.task.file.UnsafePathException.Reason;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Race-free steps below a root: every directory is opened relative to its already-open parent
 * (openat with O_NOFOLLOW through {@link SecureDirectoryStream}), so a symbolic link swapped in at
 * any level after a check is refused by the kernel instead of followed.
 *
 * <p>The one path-based step is creating a missing directory (Java has no mkdirat): a local user
 * who can write into the tree and swaps a parent for a link in that instant can make it create one
 * empty directory elsewhere; nothing is ever opened or written through it, because the next step
 * opens the new directory relative to the parent already held, where it is not.
 */
final class SecureTree {

  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private SecureTree() {}

  /** Opens {@code root} as a secure directory stream. */
  static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(root);
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException("this Java runtime has no SecureDirectoryStream (openat) for " + root
        + "; safe file transfers need it (Linux has it)");
  }

  /**
   * Opens the directory that holds {@code name}'s last segment, starting at {@code root} (which
   * stays open). With {@code create}, missing directories are made with {@link
   * FileMode#DIRECTORY_MODE}; without, a missing one is a {@link NoSuchFileException}.
   */
  static SecureDirectoryStream<Path> openParent(
      SecureDirectoryStream<Path> root, Path rootPath, RelativeName name, boolean create) throws IOException {
    return openDirectory(root, rootPath, name, name.parentSegments(), create);
  }

  /** Opens the directory {@code segments} (all of {@code name}'s, or a leading part) below {@code root}. */
  static SecureDirectoryStream<Path> openDirectory(
      SecureDirectoryStream<Path> root, Path rootPath, RelativeName name, List<String> segments, boolean create)
      throws IOException {
    SecureDirectoryStream<Path> current = root.newDirectoryStream(rootPath.getFileSystem().getPath("."), NO_FOLLOW);
    try {
      for (int i = 0; i < segments.size(); i++) {
        String at = String.join("/", segments.subList(0, i + 1));
        Path segment = segment(rootPath, name, segments.get(i));
        if (create && stat(current, segment).isEmpty()) {
          makeDirectory(rootPath.resolve(at));
        }
        SecureDirectoryStream<Path> next = openChildDirectory(current, segment, name, at);
        current.close();
        current = next;
      }
      return current;
    } catch (IOException | RuntimeException e) {
      closeQuietly(current, e);
      throw e;
    }
  }

  /** Attributes of {@code segment} in {@code dir} without following a link; empty when absent. */
  static Optional<PosixFileAttributes> stat(SecureDirectoryStream<Path> dir, Path segment) throws IOException {
    try {
      return Optional.of(dir.getFileAttributeView(segment, PosixFileAttributeView.class, NO_FOLLOW).readAttributes());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Refuses anything but a regular file. */
  static void requireRegularFile(PosixFileAttributes attributes, RelativeName name, String at)
      throws UnsafePathException {
    if (!attributes.isRegularFile()) {
      throw new UnsafePathException(name, at, kindOf(attributes, Reason.NOT_A_REGULAR_FILE));
    }
  }

  /** {@code segment} as a path of {@code root}'s file system. */
  static Path segment(Path root, RelativeName name, String segment) throws InvalidNameException {
    try {
      return root.getFileSystem().getPath(segment);
    } catch (InvalidPathException e) {
      throw new InvalidNameException(name.toString(), InvalidNameException.Reason.UNREPRESENTABLE,
          "not representable in this system's file name encoding (" + e.getReason() + ")");
    }
  }

  /** What a non-regular, non-directory thing is, or {@code otherwise}. */
  static Reason kindOf(PosixFileAttributes attributes, Reason otherwise) {
    if (attributes.isSymbolicLink()) {
      return Reason.SYMBOLIC_LINK;
    }
    if (attributes.isOther()) {
      return Reason.SPECIAL_FILE;
    }
    return otherwise;
  }

  private static SecureDirectoryStream<Path> openChildDirectory(
      SecureDirectoryStream<Path> dir, Path segment, RelativeName name, String at) throws IOException {
    PosixFileAttributes attributes = stat(dir, segment).orElseThrow(() -> new NoSuchFileException(at));
    if (!attributes.isDirectory()) {
      // Checked before opening: opening a FIFO would block.
      throw new UnsafePathException(name, at, kindOf(attributes, Reason.NOT_A_DIRECTORY));
    }
    try {
      return dir.newDirectoryStream(segment, NO_FOLLOW);
    } catch (IOException e) {
      // Swapped since the check: O_NOFOLLOW made the kernel refuse a link; say so.
      Optional<PosixFileAttributes> now = stat(dir, segment);
      if (now.isPresent() && !now.get().isDirectory()) {
        throw new UnsafePathException(name, at, kindOf(now.get(), Reason.NOT_A_DIRECTORY));
      }
      throw e;
    }
  }

  private static void makeDirectory(Path path) throws IOException {
    try {
      Files.createDirectory(path, PosixFilePermissions.asFileAttribute(FileMode.toPermissions(FileMode.DIRECTORY_MODE)));
    } catch (FileAlreadyExistsException e) {
      // Made by a concurrent receiver (or it is something else, which the open then refuses).
    }
  }

  static void closeQuietly(AutoCloseable closeable, Exception primary) {
    try {
      closeable.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
