package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboxTest {

  static final String SENDER = "node-a";
  static final String OTHER_SENDER = "node-b";
  static final ReceiveLimits NO_RESERVE = new ReceiveLimits(1L << 30, 0, 1L << 20, 4096);

  @TempDir Path tmp;
  Path root;
  Path outside;
  Inbox inbox;
  final AtomicLong usableBytes = new AtomicLong(Long.MAX_VALUE / 4);

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("inbox"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    inbox = Inbox.open(root, NO_RESERVE, usableBytes::get);
  }

  @AfterEach
  void tearDown() throws IOException {
    inbox.close();
  }

  static FileOffer offer(String name, int size, String sender, boolean overwrite) throws InvalidNameException {
    return new FileOffer(RelativeName.parse(name), size, 0644, sender, overwrite);
  }

  /** Sends {@code content} whole, in chunks of {@code chunkBytes}, from offset 0. */
  static ReceivedFile send(Inbox inbox, FileOffer offer, byte[] content) throws IOException {
    try (IncomingFile incoming = inbox.receive(offer)) {
      incoming.startAt(0);
      writeChunks(incoming, content, 0, 1000);
      return incoming.commit(Sha256.digest(content));
    }
  }

  static void writeChunks(IncomingFile incoming, byte[] content, int from, int chunkBytes) throws IOException {
    for (int offset = from; offset < content.length; offset += chunkBytes) {
      incoming.write(ByteBuffer.wrap(content, offset, Math.min(chunkBytes, content.length - offset)));
    }
  }

  List<String> partFiles() throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(p -> p.getFileName().toString()).filter(PartName::looksLikePart).toList();
    }
  }

  @Test
  void receive_wholeFile_isPublishedVerifiedWithNoPartLeft() throws IOException {
    byte[] content = Trees.randomBytes(10_500, 1);
    ReceivedFile received = send(inbox, offer("d/e/f.bin", content.length, SENDER, false), content);

    assertArrayEquals(content, Files.readAllBytes(root.resolve("d/e/f.bin")));
    assertEquals(Sha256.digest(content), received.sha256());
    assertFalse(received.replaced());
    assertEquals(List.of(), partFiles());
    assertEquals(List.of("outside dir"), Trees.snapshot(tmp).stream().filter(s -> s.startsWith("outside")).toList());
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void commit_withOrWithoutFsync_publishesTheVerifiedFileWithItsMode(boolean fsync) throws IOException {
    byte[] content = Trees.randomBytes(3000, 7);
    try (Inbox flushing = Inbox.open(root, NO_RESERVE, usableBytes::get, fsync)) {
      assertEquals(fsync, flushing.fsync());
      ReceivedFile received = send(flushing, new FileOffer(RelativeName.parse("x/y.bin"), content.length, 0640,
          SENDER, false), content);

      assertArrayEquals(content, Files.readAllBytes(root.resolve("x/y.bin")));
      assertEquals(Sha256.digest(content), received.sha256());
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("x/y.bin"))));
      assertEquals(List.of(), partFiles());
    }
  }

  @Test
  void open_withoutFsyncArgument_doesNotFlush() {
    assertFalse(inbox.fsync());
  }

  @Test
  void write_directAndReadOnlyBuffers_areWrittenAndConsumed() throws IOException {
    byte[] content = Trees.randomBytes(5000, 12);
    try (IncomingFile incoming = inbox.receive(offer("buffers", content.length, SENDER, false))) {
      incoming.startAt(0);
      ByteBuffer direct = ByteBuffer.allocateDirect(3000).put(content, 0, 3000).flip();
      incoming.write(direct);
      ByteBuffer readOnly = ByteBuffer.wrap(content, 3000, 2000).asReadOnlyBuffer();
      incoming.write(readOnly);
      assertFalse(direct.hasRemaining());
      assertFalse(readOnly.hasRemaining());
      assertEquals(5000, incoming.position());
      incoming.commit(Sha256.digest(content));
    }
    assertArrayEquals(content, Files.readAllBytes(root.resolve("buffers")));
  }

  @Test
  void receive_emptyFile_isPublished() throws IOException {
    send(inbox, offer("empty", 0, SENDER, false), new byte[0]);
    assertEquals(0, Files.size(root.resolve("empty")));
  }

  @ParameterizedTest(name = "sent {0} -> kept {1}")
  @CsvSource({"0644, rw-r--r--", "0755, rwxr-xr-x", "07777, rwxr-xr-x", "0000, rw-------", "0666, rw-r--r--",
      "04711, rwx--x--x", "0400, rw-------"})
  void commit_senderMode_isSanitised(String sent, String kept) throws IOException {
    FileOffer offer = new FileOffer(RelativeName.parse("m"), 1, Integer.parseInt(sent, 8), SENDER, false);
    try (IncomingFile incoming = inbox.receive(offer)) {
      incoming.startAt(0);
      incoming.write(ByteBuffer.wrap(new byte[] {7}));
      assertEquals(Integer.parseInt(sent, 8) & 0755 | 0600, incoming.commit(Sha256.digest(new byte[] {7})).mode());
    }
    assertEquals(kept, PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("m"))));
  }

  @Test
  void receive_partialFile_isOwnerOnly() throws IOException {
    try (IncomingFile incoming = inbox.receive(offer("p", 10, SENDER, false))) {
      Path part = root.resolve(PartName.of("p", SENDER, 10));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(part)));
      assertEquals(0, incoming.resumePoint().lengthBytes());
    }
  }

  @Test
  void receive_existingFile_isRefusedUnlessOverwriteThenReplaced() throws IOException {
    Trees.write(root.resolve("a/f"), "old".getBytes());
    assertThrows(TargetExistsException.class, () -> inbox.receive(offer("a/f", 3, SENDER, false)));
    assertEquals(List.of(), partFiles());

    ReceivedFile received = send(inbox, offer("a/f", 3, SENDER, true), "new".getBytes());
    assertTrue(received.replaced());
    assertEquals("new", Files.readString(root.resolve("a/f")));
  }

  @Test
  void receive_directoryOrSpecialFileUnderTheFinalName_isNeverReplaced() throws Exception {
    Files.createDirectories(root.resolve("dir"));
    Trees.mkfifo(root.resolve("pipe"));
    assertEquals(UnsafePathException.Reason.NOT_A_REGULAR_FILE,
        assertThrows(UnsafePathException.class, () -> inbox.receive(offer("dir", 1, SENDER, true))).reason());
    assertEquals(UnsafePathException.Reason.SPECIAL_FILE,
        assertThrows(UnsafePathException.class, () -> inbox.receive(offer("pipe", 1, SENDER, true))).reason());
  }

  @Test
  void receive_tooLarge_isRefusedBeforeAnythingIsWritten() throws IOException {
    try (Inbox small = Inbox.open(root, new ReceiveLimits(100, 0, 1, 1), usableBytes::get)) {
      FileTooLargeException e = assertThrows(FileTooLargeException.class, () -> small.receive(offer("d/big", 101, SENDER, false)));
      assertEquals(100, e.maxFileBytes());
      assertEquals(101, e.sizeBytes());
      send(small, offer("exact", 100, SENDER, false), new byte[100]);
    }
    assertFalse(Files.exists(root.resolve("d")));
  }

  @Test
  void write_pastTheDeclaredSize_isRefusedAndNothingIsPublished() throws IOException {
    try (IncomingFile incoming = inbox.receive(offer("f", 10, SENDER, false))) {
      incoming.startAt(0);
      incoming.write(ByteBuffer.wrap(new byte[6]));
      LengthMismatchException e = assertThrows(LengthMismatchException.class, () -> incoming.write(ByteBuffer.wrap(new byte[5])));
      assertEquals(11, e.actualBytes());
      assertThrows(IllegalStateException.class, () -> incoming.commit(Sha256.digest(new byte[10])));
    }
    assertFalse(Files.exists(root.resolve("f")));
  }

  @Test
  void commit_short_isRefusedAndMoreMayStillCome() throws IOException {
    try (IncomingFile incoming = inbox.receive(offer("f", 10, SENDER, false))) {
      incoming.startAt(0);
      incoming.write(ByteBuffer.wrap(new byte[6]));
      assertEquals(6, assertThrows(LengthMismatchException.class, () -> incoming.commit(Sha256.digest(new byte[10]))).actualBytes());
      incoming.write(ByteBuffer.wrap(new byte[4]));
      incoming.commit(Sha256.digest(new byte[10]));
    }
    assertEquals(10, Files.size(root.resolve("f")));
  }

  @Test
  void commit_wrongSha256_deletesThePartAndPublishesNothing() throws IOException {
    byte[] content = Trees.randomBytes(3000, 2);
    try (IncomingFile incoming = inbox.receive(offer("f", content.length, SENDER, false))) {
      incoming.startAt(0);
      writeChunks(incoming, content, 0, 700);
      Sha256 wrong = Sha256.digest("something else".getBytes());
      ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> incoming.commit(wrong));
      assertEquals(wrong, e.expected());
      assertEquals(Sha256.digest(content), e.actual());
    }
    assertFalse(Files.exists(root.resolve("f")));
    assertEquals(List.of(), partFiles());
  }

  @Test
  void lifecycle_writeBeforeStartOrAfterClose_isIllegalState() throws IOException {
    IncomingFile incoming = inbox.receive(offer("f", 10, SENDER, false));
    assertThrows(IllegalStateException.class, () -> incoming.write(ByteBuffer.wrap(new byte[1])));
    assertThrows(IllegalArgumentException.class, () -> incoming.startAt(5));
    incoming.close();
    assertThrows(IllegalStateException.class, () -> incoming.startAt(0));
    assertThrows(IllegalStateException.class, incoming::discard);
  }

  @Test
  void discard_removesThePartialFile() throws IOException {
    IncomingFile incoming = inbox.receive(offer("f", 10, SENDER, false));
    incoming.startAt(0);
    incoming.write(ByteBuffer.wrap(new byte[3]));
    incoming.discard();
    assertEquals(List.of(), partFiles());
  }

  @Test
  void resume_matchingPrefix_continuesWhereThePartStopsAndVerifies() throws IOException {
    byte[] content = Trees.randomBytes(50_000, 3);
    FileOffer offer = offer("r/f", content.length, SENDER, false);
    try (IncomingFile first = inbox.receive(offer)) {
      first.startAt(0);
      writeChunks(first, Arrays.copyOf(content, 21_000), 0, 1000);
    } // interrupted: the part stays

    Path source = Trees.write(tmp.resolve("source/f"), content);
    try (SharedDirectory senderSide = SharedDirectory.open(source.getParent());
        FileSource file = senderSide.openFile(RelativeName.parse("f"));
        IncomingFile second = inbox.receive(offer)) {
      ResumePoint resume = second.resumePoint();
      assertEquals(21_000, resume.lengthBytes());
      assertEquals(21_000 - 4096, resume.windowOffset());
      assertEquals(file.sha256(0, resume.lengthBytes()), resume.prefixSha256());
      assertEquals(file.sha256(resume.windowOffset(), resume.lengthBytes() - resume.windowOffset()), resume.windowSha256());

      second.startAt(resume.lengthBytes());
      file.position(resume.lengthBytes());
      ByteBuffer chunk = ByteBuffer.allocate(4000);
      while (file.read(chunk.clear()) >= 0) {
        second.write(chunk.flip());
      }
      second.commit(file.sha256());
    }
    assertArrayEquals(content, Files.readAllBytes(root.resolve("r/f")));
    assertEquals(List.of(), partFiles());
  }

  @Test
  void resume_mismatchingPrefix_restartsFromZeroAndVerifies() throws IOException {
    byte[] stale = Trees.randomBytes(8000, 4);
    byte[] content = Trees.randomBytes(8000, 5);
    FileOffer offer = offer("f", content.length, SENDER, false);
    try (IncomingFile first = inbox.receive(offer)) {
      first.startAt(0);
      writeChunks(first, Arrays.copyOf(stale, 5000), 0, 1000);
    }
    try (IncomingFile second = inbox.receive(offer)) {
      assertEquals(5000, second.resumePoint().lengthBytes());
      assertNotEquals(Sha256.digest(Arrays.copyOf(content, 5000)), second.resumePoint().prefixSha256());
      second.startAt(0);
      writeChunks(second, content, 0, 3000);
      second.commit(Sha256.digest(content));
    }
    assertArrayEquals(content, Files.readAllBytes(root.resolve("f")));
  }

  @Test
  void resume_prefixWronglyTrusted_isCaughtAtCommit() throws IOException {
    byte[] content = Trees.randomBytes(6000, 6);
    FileOffer offer = offer("f", content.length, SENDER, false);
    try (IncomingFile first = inbox.receive(offer)) {
      first.startAt(0);
      first.write(ByteBuffer.wrap(new byte[3000])); // zeros, not the content's prefix
    }
    try (IncomingFile second = inbox.receive(offer)) {
      second.startAt(3000);
      writeChunks(second, content, 3000, 1000);
      assertThrows(ChecksumMismatchException.class, () -> second.commit(Sha256.digest(content)));
    }
    assertFalse(Files.exists(root.resolve("f")));
    try (IncomingFile third = inbox.receive(offer)) {
      assertEquals(0, third.resumePoint().lengthBytes());
    }
  }

  @Test
  void resume_partLongerThanTheFile_startsFromZero() throws IOException {
    Files.write(root.resolve(PartName.of("f", SENDER, 10)), new byte[11]);
    try (IncomingFile incoming = inbox.receive(offer("f", 10, SENDER, false))) {
      assertEquals(0, incoming.resumePoint().lengthBytes());
      assertFalse(incoming.resumePoint().isResumable());
    }
  }

  @Test
  void receive_sameSenderTwiceAtOnce_secondIsBusyUntilTheFirstEnds() throws IOException {
    FileOffer offer = offer("f", 10, SENDER, false);
    try (IncomingFile first = inbox.receive(offer)) {
      first.startAt(0);
      first.write(ByteBuffer.wrap(new byte[4]));
      assertThrows(TransferBusyException.class, () -> inbox.receive(offer));
    }
    try (IncomingFile again = inbox.receive(offer)) {
      assertEquals(4, again.resumePoint().lengthBytes());
    }
  }

  @Test
  void receive_twoSendersOfOneName_neverMixAndTheSecondNeedsOverwrite() throws IOException {
    byte[] fromA = Trees.randomBytes(20_000, 7);
    byte[] fromB = Trees.randomBytes(20_000, 8);
    IncomingFile a = inbox.receive(offer("same", fromA.length, SENDER, false));
    IncomingFile b = inbox.receive(offer("same", fromB.length, OTHER_SENDER, false));
    a.startAt(0);
    b.startAt(0);
    for (int offset = 0; offset < fromA.length; offset += 1000) { // interleaved chunks
      a.write(ByteBuffer.wrap(fromA, offset, 1000));
      b.write(ByteBuffer.wrap(fromB, offset, 1000));
    }
    a.commit(Sha256.digest(fromA));
    assertThrows(TargetExistsException.class, () -> b.commit(Sha256.digest(fromB)));
    b.close();
    assertArrayEquals(fromA, Files.readAllBytes(root.resolve("same")));
    assertEquals(List.of(PartName.of("same", OTHER_SENDER, fromB.length)), partFiles());

    ReceivedFile replaced = send(inbox, offer("same", fromB.length, OTHER_SENDER, true), fromB);
    assertTrue(replaced.replaced());
    assertArrayEquals(fromB, Files.readAllBytes(root.resolve("same")));
  }

  @Test
  void receive_twoSendersOnTwoThreads_bothCompleteUnderTheirOwnNames() throws Exception {
    byte[] fromA = Trees.randomBytes(300_000, 9);
    byte[] fromB = Trees.randomBytes(300_000, 10);
    Thread other = new Thread(() -> {
      try {
        send(inbox, offer("b/same", fromB.length, OTHER_SENDER, false), fromB);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    other.start();
    send(inbox, offer("a/same", fromA.length, SENDER, false), fromA);
    other.join(60_000);
    assertFalse(other.isAlive());
    assertArrayEquals(fromA, Files.readAllBytes(root.resolve("a/same")));
    assertArrayEquals(fromB, Files.readAllBytes(root.resolve("b/same")));
  }

  @Test
  void receive_notEnoughSpaceAboveTheReserve_isRefusedBeforeWriting() throws IOException {
    try (Inbox guarded = Inbox.open(root, new ReceiveLimits(1L << 30, 1000, 1L << 20, 4096), usableBytes::get)) {
      usableBytes.set(1999);
      InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
          () -> guarded.receive(offer("d/f", 1000, SENDER, false)));
      assertEquals(1000, e.neededBytes());
      assertEquals(1999, e.usableBytes());
      assertEquals(1000, e.reserveBytes());
      assertEquals(List.of(), partFiles());
      usableBytes.set(2000);
      send(guarded, offer("d/f", 1000, SENDER, false), new byte[1000]);
    }
  }

  @Test
  void write_spaceRunsOutWhileWriting_stopsWithPartKeptAndNoFinalFile() throws IOException {
    try (Inbox guarded = Inbox.open(root, new ReceiveLimits(1L << 30, 0, 2000, 4096), usableBytes::get)) {
      usableBytes.set(10_000);
      try (IncomingFile incoming = guarded.receive(offer("f", 10_000, SENDER, false))) {
        incoming.startAt(0);
        incoming.write(ByteBuffer.wrap(new byte[1000]));
        usableBytes.set(100); // someone else filled the disk
        assertThrows(InsufficientSpaceException.class, () -> incoming.write(ByteBuffer.wrap(new byte[1000])));
        assertThrows(IllegalStateException.class, () -> incoming.write(ByteBuffer.wrap(new byte[1])));
      }
    }
    assertFalse(Files.exists(root.resolve("f")));
    assertEquals(List.of(PartName.of("f", SENDER, 10_000)), partFiles());
  }

  @Test
  void open_missingInbox_isCreatedOwnerOnly() throws IOException {
    Path fresh = tmp.resolve("data/inbox");
    try (Inbox created = Inbox.open(fresh, ReceiveLimits.defaults())) {
      assertEquals(fresh.toRealPath(), created.directory().root());
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh, LinkOption.NOFOLLOW_LINKS)));
  }
}
