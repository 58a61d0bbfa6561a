package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InboxBatch}: files in a row with the last directory kept open, every rule of a receive kept. */
class InboxBatchTest {

  @TempDir Path tmp;
  Path root;
  Path outside;
  Inbox inbox;
  final AtomicLong usableBytes = new AtomicLong(Long.MAX_VALUE / 4);

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("inbox"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    inbox = Inbox.open(root, InboxTest.NO_RESERVE, usableBytes::get);
  }

  @AfterEach
  void tearDown() throws IOException {
    inbox.close();
  }

  private static ReceivedFile send(InboxBatch batch, String name, byte[] content) throws IOException {
    try (IncomingFile incoming = batch.receive(InboxTest.offer(name, content.length, InboxTest.SENDER, false))) {
      incoming.startAt(0);
      InboxTest.writeChunks(incoming, content, 0, 1000);
      return incoming.commit(Sha256.digest(content));
    }
  }

  @Test
  void receive_filesAcrossDirectoriesInAnyOrder_allPublishedWithNoPartLeft() throws IOException {
    List<String> names = List.of("a/1", "a/2", "b/c/3", "b/c/4", "a/5", "6", "b/7");
    try (InboxBatch batch = inbox.batch()) {
      for (int i = 0; i < names.size(); i++) {
        send(batch, names.get(i), Trees.randomBytes(100 + i, i));
      }
    }

    for (int i = 0; i < names.size(); i++) {
      assertArrayEquals(Trees.randomBytes(100 + i, i), Files.readAllBytes(root.resolve(names.get(i))));
    }
    assertEquals(7, Trees.regularFiles(root).size(), "no partial file left");
  }

  @Test
  void receive_directoryReplacedByALinkBetweenTwoFilesOfOtherDirectories_isRefused() throws IOException {
    try (InboxBatch batch = inbox.batch()) {
      send(batch, "d/1", new byte[] {1});
      send(batch, "e/1", new byte[] {2});
      Files.move(root.resolve("d"), tmp.resolve("d-moved"));
      Files.createSymbolicLink(root.resolve("d"), outside);

      assertThrows(UnsafePathException.class, () -> send(batch, "d/2", new byte[] {3}));
    }
    assertEquals(List.of(), Trees.regularFiles(outside));
  }

  @Test
  void receive_existingTargetOrTooLarge_refusedAndTheNextFileOfTheDirectoryStillReceived() throws IOException {
    Files.createDirectories(root.resolve("d"));
    Files.write(root.resolve("d/taken"), new byte[] {9});
    try (Inbox small = Inbox.open(root, new ReceiveLimits(10, 0, 1, 1), usableBytes::get);
        InboxBatch batch = small.batch()) {
      send(batch, "d/first", new byte[] {1});
      assertThrows(TargetExistsException.class, () -> send(batch, "d/taken", new byte[] {2}));
      assertThrows(FileTooLargeException.class, () -> send(batch, "d/large", new byte[11]));
      send(batch, "d/last", new byte[] {3});
    }

    assertArrayEquals(new byte[] {9}, Files.readAllBytes(root.resolve("d/taken")));
    assertArrayEquals(new byte[] {3}, Files.readAllBytes(root.resolve("d/last")));
    assertEquals(3, Trees.regularFiles(root).size());
  }
}
