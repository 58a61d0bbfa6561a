package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.file.UnsafePathException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedDirectoryTest {

  @TempDir Path tmp;
  private Path root;
  private Path outside;
  private SharedDirectory shared;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("shared"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    Trees.write(outside.resolve("secret.txt"), "secret".getBytes());
    Trees.write(outside.resolve("b/c.txt"), "outside c".getBytes());
    shared = SharedDirectory.open(root);
  }

  @AfterEach
  void tearDown() throws IOException {
    shared.close();
  }

  private static RelativeName name(String name) throws InvalidNameException {
    return RelativeName.parse(name);
  }

  private static byte[] readAll(FileSource source, int chunkBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(chunkBytes);
    while (source.read(buffer.clear()) >= 0) {
      out.write(buffer.array(), 0, buffer.position());
    }
    return out.toByteArray();
  }

  @Test
  void openFile_regularFile_readsInChunksAndHashes() throws IOException {
    byte[] content = Trees.randomBytes(100_003, 1);
    Trees.write(root.resolve("a/b/data.bin"), content);
    try (FileSource source = shared.openFile(name("a/b/data.bin"))) {
      assertEquals(content.length, source.entry().sizeBytes());
      assertArrayEquals(content, readAll(source, 4096));
      assertEquals(-1, source.read(ByteBuffer.allocate(10)));
      assertEquals(Sha256.digest(content), source.sha256());
      assertEquals(Sha256.digest(java.util.Arrays.copyOfRange(content, 10, 5000)), source.sha256(10, 4990));
    }
  }

  @Test
  void openFile_positioned_readsFromThereAndHashDoesNotMoveIt() throws IOException {
    byte[] content = Trees.randomBytes(10_000, 2);
    Trees.write(root.resolve("f"), content);
    try (FileSource source = shared.openFile(name("f"))) {
      source.position(7_000);
      source.sha256();
      assertEquals(7_000, source.position());
      assertArrayEquals(java.util.Arrays.copyOfRange(content, 7_000, 10_000), readAll(source, 999));
    }
  }

  @Test
  void openFile_fileGrowsAfterOpen_readsOnlyTheSizeAtOpen() throws IOException {
    Trees.write(root.resolve("grows"), new byte[1000]);
    try (FileSource source = shared.openFile(name("grows"))) {
      Files.write(root.resolve("grows"), new byte[500], java.nio.file.StandardOpenOption.APPEND);
      assertEquals(1000, readAll(source, 300).length);
    }
  }

  /** Links planted at each level, pointing outside, inside, or at a device. */
  @ParameterizedTest
  @ValueSource(strings = {"b/c.txt", "x/b/c.txt", "x/y/c.txt", "secret.txt", "inside.txt", "null", "x/null"})
  void openFile_symlinkAtAnyLevel_isRefused(String requested) throws IOException {
    Files.createDirectories(root.resolve("x/y"));
    Trees.write(root.resolve("real.txt"), "inside".getBytes());
    Files.createSymbolicLink(root.resolve("b"), outside.resolve("b"));
    Files.createSymbolicLink(root.resolve("x/b"), outside.resolve("b"));
    Files.createSymbolicLink(root.resolve("x/y/c.txt"), outside.resolve("b/c.txt"));
    Files.createSymbolicLink(root.resolve("secret.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("real.txt"));
    Files.createSymbolicLink(root.resolve("null"), Path.of("/dev/null"));
    Files.createSymbolicLink(root.resolve("x/null"), Path.of("/dev/null"));

    UnsafePathException e = assertThrows(UnsafePathException.class, () -> shared.openFile(name(requested)));
    assertEquals(Reason.SYMBOLIC_LINK, e.reason());
    assertThrows(UnsafePathException.class, () -> shared.stat(name(requested)));
  }

  @Test
  void open_rootGivenThroughALink_resolvesItOnce() throws IOException {
    Trees.write(root.resolve("f"), "x".getBytes());
    Path link = Files.createSymbolicLink(tmp.resolve("link-to-shared"), root);
    try (SharedDirectory viaLink = SharedDirectory.open(link)) {
      assertEquals(root.toRealPath(), viaLink.root());
      assertEquals(1, viaLink.stat(name("f")).sizeBytes());
    }
  }

  @Test
  void openFile_fifo_isRefusedWithoutBlocking() throws Exception {
    Trees.mkfifo(root.resolve("pipe"));
    Files.createDirectories(root.resolve("d"));
    Trees.mkfifo(root.resolve("d/pipe"));
    assertEquals(Reason.SPECIAL_FILE, assertThrows(UnsafePathException.class, () -> shared.openFile(name("pipe"))).reason());
    assertEquals(Reason.SPECIAL_FILE, assertThrows(UnsafePathException.class, () -> shared.openFile(name("pipe/x"))).reason());
    assertEquals(Reason.SPECIAL_FILE, assertThrows(UnsafePathException.class, () -> shared.openFile(name("d/pipe"))).reason());
  }

  @Test
  void openFile_deviceFile_isRefused() throws Exception {
    Trees.mknodNull(root.resolve("null"));
    assertEquals(Reason.SPECIAL_FILE, assertThrows(UnsafePathException.class, () -> shared.openFile(name("null"))).reason());
  }

  @Test
  void openFile_socket_isRefused() throws Exception {
    try (ServerSocketChannel socket = Trees.socket(root.resolve("sock"))) {
      assertTrue(socket.isOpen());
      assertEquals(Reason.SPECIAL_FILE, assertThrows(UnsafePathException.class, () -> shared.openFile(name("sock"))).reason());
    }
  }

  @Test
  void openFile_directoryOrFileOnTheWayOrMissing_isRefusedWithTheRightError() throws IOException {
    Trees.write(root.resolve("d/f"), "x".getBytes());
    assertEquals(Reason.NOT_A_REGULAR_FILE, assertThrows(UnsafePathException.class, () -> shared.openFile(name("d"))).reason());
    assertEquals(Reason.NOT_A_DIRECTORY, assertThrows(UnsafePathException.class, () -> shared.openFile(name("d/f/g"))).reason());
    assertThrows(NoSuchFileException.class, () -> shared.openFile(name("d/missing")));
    assertThrows(NoSuchFileException.class, () -> shared.openFile(name("missing/f")));
  }

  @Test
  void walk_tree_regularFilesInDepthFirstOrderWithSizesAndModes() throws IOException {
    Trees.write(root.resolve("b.txt"), new byte[2]);
    Trees.write(root.resolve("a/z.txt"), new byte[3]);
    Trees.write(root.resolve("a/b/c.txt"), new byte[4]);
    Trees.write(root.resolve("a-b"), new byte[5]);
    Files.createDirectories(root.resolve("empty"));
    Files.setPosixFilePermissions(root.resolve("a/z.txt"), PosixFilePermissions.fromString("rwxr-x---"));

    Walk walk = shared.walk(100);

    assertEquals(List.of("a/b/c.txt", "a/z.txt", "a-b", "b.txt"),
        walk.files().stream().map(f -> f.name().toString()).toList());
    assertEquals(List.of(4L, 3L, 5L, 2L), walk.files().stream().map(FileEntry::sizeBytes).toList());
    assertEquals(0750, walk.files().get(1).mode());
    assertTrue(walk.skipped().isEmpty());
    assertFalse(walk.truncated());
  }

  @Test
  void walk_linksSpecialFilesBadNamesAndParts_areSkippedWithReasons() throws Exception {
    Trees.write(root.resolve("ok.txt"), new byte[1]);
    Files.createSymbolicLink(root.resolve("to-outside"), outside);
    Files.createSymbolicLink(root.resolve("to-secret"), outside.resolve("secret.txt"));
    Trees.mkfifo(root.resolve("pipe"));
    Trees.write(root.resolve("bad\nname"), new byte[1]);
    Trees.write(root.resolve("back\\slash"), new byte[1]);
    Trees.write(root.resolve("d/.ok.txt.0123456789abcdef.part"), new byte[1]);

    Walk walk = shared.walk(100);

    assertEquals(List.of("ok.txt"), walk.files().stream().map(f -> f.name().toString()).toList());
    Map<String, SkippedEntry.Reason> skipped = walk.skipped().stream()
        .collect(Collectors.toMap(SkippedEntry::path, SkippedEntry::reason));
    assertEquals(Map.of(
        "to-outside", SkippedEntry.Reason.SYMBOLIC_LINK,
        "to-secret", SkippedEntry.Reason.SYMBOLIC_LINK,
        "pipe", SkippedEntry.Reason.SPECIAL_FILE,
        "bad\nname", SkippedEntry.Reason.INVALID_NAME,
        "back\\slash", SkippedEntry.Reason.INVALID_NAME,
        "d/.ok.txt.0123456789abcdef.part", SkippedEntry.Reason.PARTIAL_TRANSFER), skipped);
    assertFalse(walk.skipped().stream().anyMatch(s -> s.printablePath().contains("\n")));
  }

  @Test
  void walk_moreFilesThanTheBound_isTruncatedToTheFirstInOrder() throws IOException {
    for (int i = 0; i < 10; i++) {
      Trees.write(root.resolve("d" + (i % 3) + "/f" + i), new byte[i]);
    }
    Walk walk = shared.walk(4);
    assertTrue(walk.truncated());
    assertEquals(List.of("d0/f0", "d0/f3", "d0/f6", "d0/f9"), walk.files().stream().map(f -> f.name().toString()).toList());
    assertFalse(shared.walk(10).truncated());
  }

  @Test
  void walk_subdirectory_namesStayRelativeToTheRoot() throws IOException {
    Trees.write(root.resolve("a/b/c"), new byte[1]);
    Trees.write(root.resolve("x"), new byte[1]);
    Files.createSymbolicLink(root.resolve("l"), outside);
    assertEquals(List.of("a/b/c"), shared.walk(name("a"), 10).files().stream().map(f -> f.name().toString()).toList());
    assertEquals(Reason.SYMBOLIC_LINK, assertThrows(UnsafePathException.class, () -> shared.walk(name("l"), 10)).reason());
  }

  @Test
  void list_withSha256_givesDigestsAndTimes() throws IOException {
    byte[] content = Trees.randomBytes(5000, 3);
    Trees.write(root.resolve("a"), content);
    Trees.write(root.resolve("b/c"), new byte[0]);

    Listing withDigests = shared.list(10, true);
    assertEquals(List.of(Optional.of(Sha256.digest(content)), Optional.of(Sha256.digest(new byte[0]))),
        withDigests.files().stream().map(ListedFile::sha256).toList());
    assertEquals(Files.getLastModifiedTime(root.resolve("a")).toInstant(), withDigests.files().get(0).file().lastModified());

    Listing plain = shared.list(1, false);
    assertEquals(List.of(Optional.empty()), plain.files().stream().map(ListedFile::sha256).toList());
    assertTrue(plain.truncated());
  }
}
