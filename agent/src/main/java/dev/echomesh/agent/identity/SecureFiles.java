package dev.echomesh.agent.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only files for secrets.
 *
 * <p>Directories are made with mode 0700 and files with 0600 at creation (the mode is given to
 * {@code open}/{@code mkdir}, never set afterwards, so a secret is never readable by others, not
 * even for a moment; the umask can only narrow it further). A file is written to a temporary file
 * in the same directory, flushed to disk and then renamed or linked into place, so a crash leaves
 * the old file or the new one, never half of one.
 *
 * <p>Reading a secret checks its mode first and refuses a file that group or others can read or
 * write, as ssh does for private keys: a key others could read must be presumed leaked, and
 * loosening the mode is a mistake to fix, not to work around. A too-open directory only gets a
 * warning, because the files in it are still protected. On file systems without POSIX
 * permissions (Windows) neither is checked.
 */
final class SecureFiles {

  private static final Logger log = LoggerFactory.getLogger(SecureFiles.class);

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private SecureFiles() {}

  /** Makes {@code dir} (and missing parents) owner-only, or warns if it exists and is not. */
  static void ensureDirectory(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        if (isPosix(dir)) {
          Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
          if (!intersection(mode, GROUP_AND_OTHERS).isEmpty()) {
            log.warn(
                "data directory {} is open to others ({}): run `chmod 700 {}`",
                dir, PosixFilePermissions.toString(mode), dir);
          }
        }
        return;
      }
      if (isPosix(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new IdentityException(
          IdentityException.Reason.IO_ERROR, dir,
          "cannot make data directory " + dir + ": " + describe(e), e);
    }
  }

  /**
   * Writes {@code content} to {@code file} with mode 0600.
   *
   * @param replace whether an existing file is replaced; when false and the file exists, nothing
   *     is written and {@code false} is returned (so two processes racing to create a key agree
   *     on one)
   * @return whether the file now holds {@code content}
   */
  static boolean write(Path file, byte[] content, boolean replace) {
    Path dir = file.toAbsolutePath().getParent();
    ensureDirectory(dir);
    Path temporary = null;
    try {
      temporary = createOwnerOnlyTemporary(dir, file.getFileName().toString());
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (replace) {
        moveIntoPlace(temporary, file);
        return true;
      }
      return linkIntoPlace(temporary, file);
    } catch (IOException e) {
      throw new IdentityException(
          IdentityException.Reason.IO_ERROR, file, "cannot write " + file + ": " + describe(e), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Reads a secret file, or empty if it does not exist.
   *
   * @throws IdentityException INSECURE_PERMISSIONS if group or others may read or write it,
   *     IO_ERROR if it cannot be read
   */
  static Optional<byte[]> readSecret(Path file) {
    try {
      if (isPosix(file) && Files.exists(file)) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!intersection(mode, GROUP_AND_OTHERS).isEmpty()) {
          throw new IdentityException(
              IdentityException.Reason.INSECURE_PERMISSIONS, file,
              file + " is open to others (" + PosixFilePermissions.toString(mode)
                  + "): refusing to use a secret that may have leaked; if it has not, run `chmod 600 "
                  + file + "`");
        }
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IdentityException(
          IdentityException.Reason.IO_ERROR, file, "cannot read " + file + ": " + describe(e), e);
    }
  }

  /** Reads a non-secret file (a certificate). */
  static byte[] readPublic(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IdentityException(
          IdentityException.Reason.IO_ERROR, file, "cannot read " + file + ": " + describe(e), e);
    }
  }

  private static Path createOwnerOnlyTemporary(Path dir, String name) throws IOException {
    String prefix = "." + name + ".";
    if (isPosix(dir)) {
      FileAttribute<Set<PosixFilePermission>> mode =
          PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
      return Files.createTempFile(dir, prefix, ".tmp", mode);
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  private static void moveIntoPlace(Path temporary, Path file) throws IOException {
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Publishes {@code temporary} as {@code file} unless {@code file} exists (atomic on POSIX). */
  private static boolean linkIntoPlace(Path temporary, Path file) throws IOException {
    try {
      Files.createLink(file, temporary);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      try {
        Files.move(temporary, file);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
    }
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      log.warn("could not delete temporary file {}: {}", temporary, describe(e));
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static Set<PosixFilePermission> intersection(
      Set<PosixFilePermission> a, Set<PosixFilePermission> b) {
    Set<PosixFilePermission> both = EnumSet.noneOf(PosixFilePermission.class);
    both.addAll(a);
    both.retainAll(b);
    return both;
  }

  static String describe(IOException e) {
    String kind = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
  }
}
