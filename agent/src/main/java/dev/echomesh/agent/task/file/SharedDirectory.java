package dev.echomesh.agent.task.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A directory whose regular files may be read, walked and listed by {@link RelativeName}, and
 * nothing outside it. Symbolic links are refused in every component, wherever they point (even
 * inside the directory): this is the simplest rule that cannot be raced, because every step opens
 * the next component relative to the directory already open, with O_NOFOLLOW. Devices, FIFOs and
 * sockets are refused; their type is checked before opening so that a FIFO cannot block a reader.
 *
 * <p>The root itself is resolved once, when opened ({@link Path#toRealPath}), so the owner may
 * configure it through a link; it stays open (one file descriptor) until {@link #close}. Safe for
 * concurrent use.
 *
 * <p>Known limits: a hard link inside the directory to a file outside it is the same file and is
 * served (on Linux, {@code fs.protected_hardlinks} stops users from linking files they do not
 * own); a local user who swaps a checked regular file for a FIFO in the instant before it is
 * opened can make one reader block.
 */
public final class SharedDirectory implements Closeable {

  private final Path root;
  private final SecureDirectoryStream<Path> rootStream;

  private SharedDirectory(Path root, SecureDirectoryStream<Path> rootStream) {
    this.root = root;
    this.rootStream = rootStream;
  }

  /** Opens the existing directory {@code root}. */
  public static SharedDirectory open(Path root) throws IOException {
    Path real = root.toRealPath();
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotDirectoryException(root.toString());
    }
    return new SharedDirectory(real, SecureTree.openRoot(real));
  }

  /** The directory's real path. */
  public Path root() {
    return root;
  }

  /**
   * The regular file {@code name} as it is now.
   *
   * @throws NoSuchFileException when it or a directory on the way does not exist
   * @throws UnsafePathException for a link, special file or non-directory on the way
   */
  public FileEntry stat(RelativeName name) throws IOException {
    try (SecureDirectoryStream<Path> parent = openParent(name, false)) {
      return entry(name, regularFile(parent, name));
    }
  }

  /**
   * Opens the regular file {@code name} for sending.
   *
   * @throws NoSuchFileException when it or a directory on the way does not exist
   * @throws UnsafePathException for a link, special file or non-directory on the way
   */
  public FileSource openFile(RelativeName name) throws IOException {
    try (SecureDirectoryStream<Path> parent = openParent(name, false)) {
      PosixFileAttributes attributes = regularFile(parent, name);
      FileChannel channel = (FileChannel) parent.newByteChannel(
          segment(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      return new ChannelFileSource(channel, entry(name, attributes));
    }
  }

  /** Every regular file below the root, at most {@code maxFiles} (at least 1). */
  public Walk walk(int maxFiles) throws IOException {
    try (SecureDirectoryStream<Path> start = rootStream.newDirectoryStream(root.getFileSystem().getPath("."),
        LinkOption.NOFOLLOW_LINKS)) {
      return TreeWalker.walk(root, start, "", maxFiles);
    }
  }

  /** Every regular file below the directory {@code directory}, at most {@code maxFiles} (at least 1). */
  public Walk walk(RelativeName directory, int maxFiles) throws IOException {
    try (SecureDirectoryStream<Path> start =
        SecureTree.openDirectory(rootStream, root, directory, directory.segments(), false)) {
      return TreeWalker.walk(root, start, directory.toString(), maxFiles);
    }
  }

  /**
   * The regular files below the root, at most {@code maxFiles} (at least 1), each with its SHA-256
   * when {@code withSha256} (which reads every listed file whole). A file removed or replaced by
   * something else between the walk and its hashing is left out.
   */
  public Listing list(int maxFiles, boolean withSha256) throws IOException {
    Walk walk = walk(maxFiles);
    List<ListedFile> files = new ArrayList<>(walk.files().size());
    for (FileEntry file : walk.files()) {
      if (!withSha256) {
        files.add(new ListedFile(file, Optional.empty()));
        continue;
      }
      try (FileSource source = openFile(file.name())) {
        files.add(new ListedFile(source.entry(), Optional.of(source.sha256())));
      } catch (NoSuchFileException | UnsafePathException e) {
        // Changed since the walk: it is no longer a regular file there.
      }
    }
    return new Listing(files, walk.truncated());
  }

  /** Opens the directory holding {@code name}, making missing directories when {@code create}. */
  SecureDirectoryStream<Path> openParent(RelativeName name, boolean create) throws IOException {
    return SecureTree.openParent(rootStream, root, name, create);
  }

  /** {@code name}'s last segment as a path for calls on its open parent. */
  Path segment(RelativeName name) throws InvalidNameException {
    return SecureTree.segment(root, name, name.fileName());
  }

  @Override
  public void close() throws IOException {
    rootStream.close();
  }

  private PosixFileAttributes regularFile(SecureDirectoryStream<Path> parent, RelativeName name) throws IOException {
    PosixFileAttributes attributes = SecureTree.stat(parent, segment(name))
        .orElseThrow(() -> new NoSuchFileException(name.toString()));
    SecureTree.requireRegularFile(attributes, name, name.toString());
    return attributes;
  }

  private static FileEntry entry(RelativeName name, PosixFileAttributes attributes) {
    return new FileEntry(name, attributes.size(), FileMode.fromPermissions(attributes.permissions()),
        attributes.lastModifiedTime().toInstant());
  }
}
