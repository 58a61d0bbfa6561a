package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing is ever written outside the inbox, whatever the name and whatever is planted in it. */
class InboxEscapeTest {

  @TempDir Path tmp;
  Path root;
  Path outside;
  Inbox inbox;
  List<String> outsideBefore;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("inbox"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    Trees.write(outside.resolve("victim"), "keep me".getBytes());
    Files.createDirectories(outside.resolve("b/c"));
    inbox = Inbox.open(root, InboxTest.NO_RESERVE, () -> Long.MAX_VALUE / 4);
    outsideBefore = Trees.snapshot(outside);
  }

  @AfterEach
  void tearDown() throws IOException {
    inbox.close();
    assertEquals(outsideBefore, Trees.snapshot(outside), "nothing changed outside the inbox");
  }

  /** Tries to receive {@code content} under the raw {@code name}, as a sender would send it. */
  void attempt(String name, boolean overwrite) throws IOException {
    FileOffer offer = new FileOffer(RelativeName.parse(name), 4, 0644, InboxTest.SENDER, overwrite);
    try (IncomingFile incoming = inbox.receive(offer)) {
      incoming.startAt(0);
      incoming.write(ByteBuffer.wrap("evil".getBytes()));
      incoming.commit(Sha256.digest("evil".getBytes()));
    }
  }

  static Stream<Arguments> hostileNames() {
    return RelativeNameTest.hostileNames().map(a -> Arguments.of(a.get()[0]));
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void receive_hostileName_isRefusedWithNothingWritten(String name) throws IOException {
    List<String> inboxBefore = Trees.snapshot(root);
    assertThrows(InvalidNameException.class, () -> attempt(name, true));
    assertEquals(inboxBefore, Trees.snapshot(root));
  }

  @ParameterizedTest
  @ValueSource(strings = {"victim", "b/c/f", "x/b/c/f", "x/y/b/f", "x/y/victim", "x/y/z/victim"})
  void receive_symlinkPlantedAtAnyLevel_isRefused(String name) throws IOException {
    Files.createDirectories(root.resolve("x/y/z"));
    Files.createSymbolicLink(root.resolve("victim"), outside.resolve("victim"));
    Files.createSymbolicLink(root.resolve("b"), outside.resolve("b"));
    Files.createSymbolicLink(root.resolve("x/b"), outside.resolve("b"));
    Files.createSymbolicLink(root.resolve("x/y/b"), outside.resolve("b/c"));
    Files.createSymbolicLink(root.resolve("x/y/victim"), outside.resolve("victim"));
    Files.createSymbolicLink(root.resolve("x/y/z/victim"), Path.of("/dev/null"));

    for (boolean overwrite : new boolean[] {false, true}) {
      UnsafePathException e = assertThrows(UnsafePathException.class, () -> attempt(name, overwrite));
      assertEquals(UnsafePathException.Reason.SYMBOLIC_LINK, e.reason());
    }
  }

  @Test
  void receive_symlinkPlantedAsThePartialFile_isRefused() throws IOException {
    Files.createSymbolicLink(root.resolve(PartName.of("f", InboxTest.SENDER, 4)), outside.resolve("victim"));
    Files.createDirectories(root.resolve("d"));
    Files.createSymbolicLink(root.resolve("d/" + PartName.of("f", InboxTest.SENDER, 4)), outside.resolve("new"));
    assertEquals(UnsafePathException.Reason.SYMBOLIC_LINK,
        assertThrows(UnsafePathException.class, () -> attempt("f", false)).reason());
    assertEquals(UnsafePathException.Reason.SYMBOLIC_LINK,
        assertThrows(UnsafePathException.class, () -> attempt("d/f", false)).reason());
  }

  @Test
  void receive_deviceFilePlanted_isRefusedAsPartAndAsTarget() throws Exception {
    Trees.mknodNull(root.resolve("null"));
    Trees.mknodNull(root.resolve(PartName.of("g", InboxTest.SENDER, 4)));
    assertEquals(UnsafePathException.Reason.SPECIAL_FILE,
        assertThrows(UnsafePathException.class, () -> attempt("null", true)).reason());
    assertEquals(UnsafePathException.Reason.SPECIAL_FILE,
        assertThrows(UnsafePathException.class, () -> attempt("g", true)).reason());
  }

  @Test
  void receive_fileWhereADirectoryIsNeeded_isRefused() throws IOException {
    Trees.write(root.resolve("plain"), new byte[1]);
    assertEquals(UnsafePathException.Reason.NOT_A_DIRECTORY,
        assertThrows(UnsafePathException.class, () -> attempt("plain/f", false)).reason());
  }

  /** Takes away the attacker's link, if it is there, and puts {@code aside} back when {@code d} is free. */
  private static void restore(Path d, Path aside) {
    try {
      if (Files.isSymbolicLink(d)) {
        Files.delete(d);
      }
      if (Files.isDirectory(aside) && Files.notExists(d)) {
        Files.move(aside, d);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the attacker thread could not restore " + d, e);
    }
  }

  /**
   * A local attacker swaps a directory of the inbox for a link to the outside while transfers run.
   * Each transfer either lands inside the inbox or is refused; no file is ever written outside.
   * (The documented residual, an empty directory created through a swapped link, cannot happen
   * here: only {@code d} itself is ever created, by a path whose parent is the inbox's root.)
   */
  @Test
  void receive_directorySwappedForALinkConcurrently_neverWritesOutside() throws Exception {
    Path d = Files.createDirectory(root.resolve("d"));
    AtomicBoolean stop = new AtomicBoolean();
    Thread attacker = new Thread(() -> {
      for (int i = 0; i < 200_000 && !stop.get(); i++) {
        Path aside = root.resolve("aside-" + i);
        try {
          Files.move(d, aside);
          Files.createSymbolicLink(d, outside);
          Files.delete(d);
          Files.move(aside, d);
        } catch (IOException e) {
          restore(d, aside); // the receiver made a new d meanwhile, or d was away
        }
      }
    });
    attacker.start();
    int landed = 0;
    int refused = 0;
    try {
      for (int i = 0; i < 300; i++) {
        try {
          attempt("d/f" + i, false);
          landed++;
        } catch (UnsafePathException | NoSuchFileException | TargetExistsException e) {
          refused++;
        } catch (IOException e) {
          refused++; // e.g. the open parent was renamed away under us: still never outside
        }
      }
    } finally {
      stop.set(true);
      attacker.join(60_000);
    }
    assertFalse(attacker.isAlive());
    assertEquals(300, landed + refused);
    for (Path file : Trees.regularFiles(tmp)) {
      assertTrue(file.startsWith(root) || file.equals(outside.resolve("victim")), "written outside: " + file);
    }
  }
}
