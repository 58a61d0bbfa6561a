package dev.echomesh.agent.control;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a data directory's control socket: holds the directory's agent lock (so a second agent on
 * the same directory refuses to start), replaces a socket file left by an agent that crashed, and
 * binds the listening socket owner-only. Closing it removes the socket file and releases the lock.
 */
final class SocketBinding implements AutoCloseable {

  /** Held (an OS file lock) for as long as an agent runs on the data directory. */
  static final String LOCK_FILE_NAME = "agent.lock";

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private static final Logger log = LoggerFactory.getLogger(SocketBinding.class);

  private final Path socketPath;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Closeable server;

  /** Binds a listening socket at a path; the server that will accept on it. */
  @FunctionalInterface
  interface Listen {
    /**
     * @return what stops the listening socket when closed
     */
    Closeable at(Path socket) throws IOException;
  }

  private SocketBinding(Path socketPath, FileChannel lockChannel, FileLock lock, Closeable server) {
    this.socketPath = socketPath;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.server = server;
  }

  /**
   * Takes the data directory's agent lock and binds its control socket with {@code listen}, then
   * makes the socket file owner-only (0600, in a 0700 directory).
   *
   * @throws AgentAlreadyRunningException when another agent holds the lock or answers on the socket
   */
  static SocketBinding bind(Path dataDir, Listen listen) throws IOException {
    Path socket = ControlSocket.path(dataDir);
    ControlSocket.checkLength(socket);
    ensureOwnerOnlyDirectory(dataDir);
    FileChannel lockChannel = openLockFile(dataDir.resolve(LOCK_FILE_NAME));
    try {
      FileLock lock = tryLock(lockChannel, dataDir);
      removeStaleSocket(dataDir, socket);
      Closeable server = listen.at(socket);
      try {
        Files.setPosixFilePermissions(socket, OWNER_FILE);
      } catch (IOException | RuntimeException e) {
        server.close();
        Files.deleteIfExists(socket);
        throw e;
      }
      writePid(lockChannel);
      return new SocketBinding(socket, lockChannel, lock, server);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  Path socketPath() {
    return socketPath;
  }

  /** Stops accepting and removes the socket file; the lock stays held. Idempotent. */
  void unbind() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("closing the control socket {} failed: {}", socketPath, e.toString());
    }
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      log.warn(
          "could not remove the control socket {}: {}; the next agent replaces it",
          socketPath,
          e.toString());
    }
  }

  /** Unbinds and releases the data directory's lock. Idempotent. */
  @Override
  public void close() {
    unbind();
    try {
      if (lock.isValid()) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      log.warn("releasing the agent lock of {} failed: {}", socketPath.getParent(), e.toString());
    }
  }

  private static void ensureOwnerOnlyDirectory(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    }
    Set<PosixFilePermission> current = Files.getPosixFilePermissions(dataDir);
    if (!current.equals(OWNER_DIR)) {
      Files.setPosixFilePermissions(dataDir, OWNER_DIR);
      log.info(
          "made the data dir {} owner-only (was {})",
          dataDir,
          PosixFilePermissions.toString(current));
    }
  }

  private static FileChannel openLockFile(Path lockFile) throws IOException {
    if (!Files.exists(lockFile)) {
      try {
        Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // Another agent made it at the same moment; the lock below decides who runs.
      }
    }
    return FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static FileLock tryLock(FileChannel lockChannel, Path dataDir) throws IOException {
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process, e.g. a second agent in one JVM
    }
    if (lock == null) {
      throw new AgentAlreadyRunningException(dataDir, readPid(lockChannel));
    }
    return lock;
  }

  /** The PID the running agent wrote into the lock file; 0 when unreadable. */
  private static long readPid(FileChannel lockChannel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      lockChannel.read(buffer, 0);
      String text =
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static void removeStaleSocket(Path dataDir, Path socket) throws IOException {
    if (!Files.exists(socket)) {
      return;
    }
    if (ControlSocket.answers(dataDir)) {
      // Only possible where file locks do not work (some network file systems).
      throw new AgentAlreadyRunningException(dataDir, 0);
    }
    Files.delete(socket);
    log.info("removed the control socket {} left by an agent that did not stop cleanly", socket);
  }

  private static void writePid(FileChannel lockChannel) throws IOException {
    byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
    lockChannel.truncate(0);
    lockChannel.write(ByteBuffer.wrap(pid), 0);
    lockChannel.force(false);
  }
}
