package dev.echomesh.agent.task.file;

import dev.echomesh.agent.task.file.UnsafePathException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory received files go to, with the rules of {@link SharedDirectory} for every path
 * (links refused at every level, nothing written outside) and the bounds of {@link ReceiveLimits}.
 *
 * <p>Each transfer writes a partial file named by {@link PartName} ({@code .NAME.KEY.part} beside
 * the final name; the key comes from the sender's ID and the declared size), created owner-only,
 * locked for the transfer ({@link FileChannel#tryLock}, so a second transfer of the same file from
 * the same sender, in this process or another, is refused as busy), and renamed to the final name
 * only after its SHA-256 matched. With {@code fsync} the file is flushed to disk before the rename
 * and its directory after it, so that a file whose receipt was reported survives a power loss;
 * without (the agent's default, {@code files.fsync = false}) a power loss shortly after receipt
 * may lose it, while a crash or kill of a process still never leaves a partial file under a final
 * name. Partial files stay after an interruption, a full disk or a lost
 * overwrite race, to be resumed; they are never listed or served and cannot be named by senders.
 * Nothing removes stale ones yet.
 *
 * <p>Only this process's commits are serialised: a program outside the agent that creates the
 * final name in the instant between the existence check and the rename sees its file replaced.
 */
public final class Inbox implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(Inbox.class);

  private static final int PART_FILE_MODE = 0600;

  private final SharedDirectory directory;
  private final ReceiveLimits limits;
  private final SpaceGuard spaceGuard;
  private final ReentrantLock commitLock = new ReentrantLock();
  private final boolean fsync;

  private Inbox(SharedDirectory directory, ReceiveLimits limits, FreeSpace freeSpace, boolean fsync) {
    this.directory = directory;
    this.limits = limits;
    this.spaceGuard = new SpaceGuard(freeSpace, limits.reserveBytes());
    this.fsync = fsync;
  }

  /**
   * Opens the inbox at {@code root}, creating it owner-only (0700) when missing, with the free-space
   * guard reading {@code root}'s file store, without fsync.
   */
  public static Inbox open(Path root, ReceiveLimits limits) throws IOException {
    return open(root, limits, false);
  }

  /**
   * As {@link #open(Path, ReceiveLimits)}.
   *
   * @param fsync whether each commit flushes the file before its rename and the directory after
   */
  public static Inbox open(Path root, ReceiveLimits limits, boolean fsync) throws IOException {
    if (Files.notExists(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(root, PosixFilePermissions.asFileAttribute(FileMode.toPermissions(0700)));
    }
    return open(root, limits, FreeSpace.of(root), fsync);
  }

  /** Opens the existing inbox at {@code root} with the free-space guard reading {@code freeSpace}, without fsync. */
  static Inbox open(Path root, ReceiveLimits limits, FreeSpace freeSpace) throws IOException {
    return open(root, limits, freeSpace, false);
  }

  static Inbox open(Path root, ReceiveLimits limits, FreeSpace freeSpace, boolean fsync) throws IOException {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(freeSpace, "freeSpace");
    return new Inbox(SharedDirectory.open(root), limits, freeSpace, fsync);
  }

  /** Whether commits flush the file and its directory to disk. */
  public boolean fsync() {
    return fsync;
  }

  /** The inbox as a directory, e.g. to list what was received. */
  public SharedDirectory directory() {
    return directory;
  }

  public ReceiveLimits limits() {
    return limits;
  }

  /**
   * Begins receiving {@code offer}: checks the size and the name, makes the directories on the way,
   * opens and locks the partial file and hashes what it already holds (reading it whole, at disk
   * speed, so a resumed 30 GB transfer spends that read here).
   *
   * @throws FileTooLargeException above {@link ReceiveLimits#maxFileBytes()}
   * @throws TargetExistsException when the final name exists and overwrite was not asked
   * @throws UnsafePathException for a link, special file or non-directory on the way, or a final
   *     name that is not a regular file
   * @throws TransferBusyException when this sender's transfer of the same file is running
   * @throws InsufficientSpaceException when the bytes still to come do not fit above the reserve
   */
  public IncomingFile receive(FileOffer offer) throws IOException {
    checkSize(offer);
    return receiveInto(offer, directory.openParent(offer.name(), true));
  }

  /**
   * A receiver of many files in a row, which keeps the last file's directory open for the next
   * (see {@link InboxBatch}); close it after the last file.
   */
  public InboxBatch batch() {
    return new InboxBatch(this);
  }

  /** @throws FileTooLargeException above {@link ReceiveLimits#maxFileBytes()} */
  void checkSize(FileOffer offer) throws FileTooLargeException {
    if (offer.sizeBytes() > limits.maxFileBytes()) {
      throw new FileTooLargeException(offer.name(), offer.sizeBytes(), limits.maxFileBytes());
    }
  }

  /**
   * The rest of {@link #receive} once the size was checked, with {@code parent} opened on the
   * file's directory; the file takes {@code parent} over (closes it), and so does a failure here.
   */
  IncomingFile receiveInto(FileOffer offer, SecureDirectoryStream<Path> parent) throws IOException {
    RelativeName name = offer.name();
    FileChannel channel = null;
    try {
      Path finalSegment = directory.segment(name);
      checkTarget(offer, parent, finalSegment);
      String partName = PartName.of(name.fileName(), offer.senderId(), offer.sizeBytes());
      Path partSegment = SecureTree.segment(directory.root(), name, partName);
      Optional<PosixFileAttributes> existingPart = SecureTree.stat(parent, partSegment);
      if (existingPart.isPresent()) {
        SecureTree.requireRegularFile(existingPart.get(), name, partPath(name, partName));
      }
      channel = (FileChannel) parent.newByteChannel(partSegment,
          Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
              LinkOption.NOFOLLOW_LINKS),
          PosixFilePermissions.asFileAttribute(FileMode.toPermissions(PART_FILE_MODE)));
      lock(channel, name);
      if (channel.size() > offer.sizeBytes()) {
        channel.truncate(0); // longer than the file can be: not a prefix of it
      }
      long held = channel.size();
      MessageDigest prefix = Sha256.newDigest();
      ResumePoint resumePoint = hashPrefix(channel, held, prefix);
      try {
        spaceGuard.require(name, offer.sizeBytes() - held);
      } catch (InsufficientSpaceException e) {
        if (held == 0) {
          parent.deleteFile(partSegment); // made just now: leave nothing behind a refusal
        }
        throw e;
      }
      return new IncomingFile(this, offer, parent, partSegment, finalSegment, channel, resumePoint, prefix);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        SecureTree.closeQuietly(channel, e);
      }
      SecureTree.closeQuietly(parent, e);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    directory.close();
  }

  SpaceGuard spaceGuard() {
    return spaceGuard;
  }

  /**
   * Renames the verified partial file to its final name, refusing to replace anything unless the
   * offer said overwrite, and then only a regular file. Serialised per inbox.
   *
   * @return whether an existing file was replaced
   */
  boolean publish(FileOffer offer, SecureDirectoryStream<Path> parent, Path partSegment, Path finalSegment)
      throws IOException {
    commitLock.lock();
    try {
      boolean exists = checkTarget(offer, parent, finalSegment);
      parent.move(partSegment, parent, finalSegment);
      return exists;
    } finally {
      commitLock.unlock();
    }
  }

  /** Flushes {@code parent}'s entries, so that a rename just made survives a crash. */
  void syncDirectory(SecureDirectoryStream<Path> parent, RelativeName name) {
    try (FileChannel self = (FileChannel) parent.newByteChannel(
        directory.root().getFileSystem().getPath("."), Set.of(StandardOpenOption.READ))) {
      self.force(true);
    } catch (IOException e) {
      // The file is complete and in place; only its durability across a crash is in doubt.
      log.warn("Received {} but could not flush its directory ({}); after a power loss it may be missing",
          name.printable(), e.getMessage());
    }
  }

  /** @return whether a (regular) file exists under the final name and overwrite allows replacing it */
  private static boolean checkTarget(FileOffer offer, SecureDirectoryStream<Path> parent, Path finalSegment)
      throws IOException {
    Optional<PosixFileAttributes> existing = SecureTree.stat(parent, finalSegment);
    if (existing.isEmpty()) {
      return false;
    }
    if (!existing.get().isRegularFile()) {
      throw new UnsafePathException(offer.name(), offer.name().toString(),
          SecureTree.kindOf(existing.get(), Reason.NOT_A_REGULAR_FILE));
    }
    if (!offer.overwrite()) {
      throw new TargetExistsException(offer.name());
    }
    return true;
  }

  private static void lock(FileChannel channel, RelativeName name) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another transfer in this process
    }
    if (lock == null) {
      throw new TransferBusyException(name);
    }
  }

  private ResumePoint hashPrefix(FileChannel channel, long length, MessageDigest prefix) throws IOException {
    long windowOffset = Math.max(0, length - limits.resumeWindowBytes());
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Sha256.HASH_BUFFER_BYTES, Math.max(1, length)));
    Sha256.update(prefix, channel, 0, length, buffer);
    MessageDigest window = Sha256.newDigest();
    Sha256.update(window, channel, windowOffset, length - windowOffset, buffer);
    MessageDigest finished;
    try {
      finished = (MessageDigest) prefix.clone(); // the original continues with the rest of the file
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 digest cannot be cloned", e);
    }
    return new ResumePoint(length, Sha256.finish(finished), windowOffset, Sha256.finish(window));
  }

  private static String partPath(RelativeName name, String partName) {
    return name.parentSegments().isEmpty() ? partName : String.join("/", name.parentSegments()) + "/" + partName;
  }
}
