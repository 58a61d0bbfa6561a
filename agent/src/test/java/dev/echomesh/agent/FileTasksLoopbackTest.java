package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.io.BulkInputStream;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.Sha256;
import dev.echomesh.agent.task.file.SharedDirectory;
import dev.echomesh.agent.task.transfer.FileSender;
import dev.echomesh.agent.task.transfer.FileSender.SendOutcome;
import dev.echomesh.agent.task.transfer.HeaderLine;
import dev.echomesh.agent.task.transfer.SendProgress;
import dev.echomesh.agent.task.transfer.StreamCaller;
import dev.echomesh.agent.task.transfer.TransferListener;
import dev.echomesh.agent.testing.LoopbackAgents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tasks between two agents on loopback over real TLS links: files arrive byte-identical,
 * an interrupted put resumes where the receiver's partial file stops, and bad names, existing
 * targets and concurrent senders harm nothing.
 */
class FileTasksLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int MIB = 1024 * 1024;

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();
  @TempDir Path temp;
  private Path inbox;
  private Path share;
  private Agent a;
  private Agent b;

  @BeforeEach
  void setUp() throws IOException {
    inbox = temp.resolve("inbox");
    share = Files.createDirectories(temp.resolve("srv/share"));
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"),
        LoopbackAgents.config(mesh, "b").inbox(inbox).sharedDirectories(List.of(share.toString()))
            .freeSpaceReserveBytes(0));
    a = pair[0];
    b = pair[1];
  }

  @AfterEach
  void tearDown() {
    agents.close();
  }

  @Test
  void put_50MiBFromASeed_arrivesByteIdentical_andGetReturnsItByteIdentical() throws Exception {
    Path file = write(temp.resolve("out/big.bin"), seeded(50 * MIB, 42));

    SendOutcome sent = send(a, temp.resolve("out"), "big.bin", false, SendProgress.NONE);

    assertTrue(sent.isOk(), sent.message());
    assertEquals(sha256(file), sha256(inbox.resolve("big.bin")));
    Files.copy(file, share.resolve("big.bin"));
    Path fetched = temp.resolve("fetched.bin");
    ObjectNode header = get(a, "share/big.bin", fetched);
    assertEquals(50L * MIB, header.get("size").asLong());
    assertEquals(sha256(file).hex(), header.get("sha256").asText());
    assertEquals(sha256(file), sha256(fetched));
  }

  @Test
  void putAndGet_activityListener_toldOfEachTransferWithItsBytes() throws Exception {
    List<String> transfers = new CopyOnWriteArrayList<>();
    b.addActivityListener(new ActivityListener() {
      @Override
      public void fileTransferred(TransferListener.Direction direction, TaskStatus status, long bytes) {
        transfers.add(direction + " " + status + " " + bytes);
      }
    });
    write(temp.resolve("out/small.bin"), seeded(5000, 1));
    assertTrue(send(a, temp.resolve("out"), "small.bin", false, SendProgress.NONE).isOk());
    write(share.resolve("small.bin"), seeded(3000, 2));
    get(a, "share/small.bin", temp.resolve("fetched.bin"));

    await().atMost(WAIT).until(() -> transfers.size() == 2);
    assertEquals(List.of("RECEIVED OK 5000", "SENT OK 3000"), transfers);
  }

  @Test
  void put_treeOf200SmallFiles_allArriveByteIdentical_andListShowsThem() throws Exception {
    Path tree = temp.resolve("tree");
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] data = new byte[random.nextInt(20_000)];
      random.nextBytes(data);
      write(tree.resolve("d" + (i % 7) + "/f" + i + ".bin"), data);
    }
    ExecutorService pipeline = Executors.newFixedThreadPool(8); // eight puts in flight, no round trip per file
    try (SharedDirectory directory = SharedDirectory.open(tree)) {
      List<CompletableFuture<SendOutcome>> sends = directory.walk(1000).files().stream()
          .map(entry -> CompletableFuture.supplyAsync(() -> {
            try (FileSource source = directory.openFile(entry.name())) {
              return new FileSender(caller(a)).send(source, RelativeName.parse("tree/" + entry.name()), false,
                  SendProgress.NONE);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }, pipeline))
          .toList();
      for (CompletableFuture<SendOutcome> send : sends) {
        SendOutcome outcome = send.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(outcome.isOk(), outcome.message());
      }
    } finally {
      pipeline.shutdownNow();
    }
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox.resolve("tree").resolve(tree.relativize(file))));
      }
    }
    copyTree(tree, share.resolve("tree"));
    ObjectNode listing = list(a, "share/tree");
    assertEquals(200, listing.get("files").size());
    assertFalse(listing.get("truncated").asBoolean());
  }

  @Test
  void put_interruptedMidStream_resumesAtThePartialFile_resendingOnlyTheRest() throws Exception {
    byte[] data = seeded(24 * MIB, 9);
    write(temp.resolve("out/resumed.bin"), data);
    StreamCaller cutting = (task, payload) -> call(a, task, new CuttingStream(payload, 10 * MIB));
    try (SharedDirectory directory = SharedDirectory.open(temp.resolve("out"));
        FileSource source = directory.openFile(RelativeName.parse("resumed.bin"))) {
      try {
        SendOutcome cut = new FileSender(cutting).send(source, RelativeName.parse("resumed.bin"), false,
            SendProgress.NONE);
        assertFalse(cut.isOk(), "a put whose payload broke off cannot succeed");
      } catch (IOException expected) {
        // the payload stream's failure may also surface here
      }
    }
    await().atMost(WAIT).until(() -> partLength() > 0);
    long part = partLength(); // may still grow while the receiver writes what was in flight
    AtomicLong resent = new AtomicLong();

    SendOutcome resumed = await().atMost(WAIT).until(
        () -> send(a, temp.resolve("out"), "resumed.bin", false, resent::addAndGet),
        outcome -> outcome.status() != TaskStatus.OVERLOADED); // the cut transfer may still hold its lock

    assertTrue(resumed.isOk(), resumed.message());
    assertTrue(resumed.resumedFrom() >= part, "resumed at " + resumed.resumedFrom() + ", part held " + part);
    assertEquals(data.length - resumed.resumedFrom(), resent.get());
    assertEquals(resent.get(), resumed.sentBytes());
    assertEquals(Sha256.digest(data), sha256(inbox.resolve("resumed.bin")));
  }

  @Test
  void put_badName_isInvalid_andNothingIsWrittenOutsideTheInbox() throws Exception {
    for (String name : List.of("../escaped.bin", "/tmp/absolute.bin", "a/../../escaped.bin", "ctl\u0001.bin")) {
      ObjectNode header = HeaderLine.object();
      header.put("name", name);
      header.put("size", 3);
      header.put("sha256", Sha256.digest(new byte[3]).hex());
      try (StreamedResult result = call(a, "file.put", new ByteArrayInputStream(concat(HeaderLine.bytes(header), new byte[3])))) {
        assertEquals(TaskStatus.INVALID, result.status(), name);
      }
    }
    assertFalse(Files.exists(temp.resolve("escaped.bin")));
    try (Stream<Path> files = Files.walk(temp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("escaped")));
    }
  }

  @Test
  void put_existingName_isRefusedUnlessOverwriteIsAsked() throws Exception {
    write(inbox.resolve("kept.txt"), "old".getBytes(StandardCharsets.UTF_8));
    write(temp.resolve("out/kept.txt"), "new".getBytes(StandardCharsets.UTF_8));

    SendOutcome refused = send(a, temp.resolve("out"), "kept.txt", false, SendProgress.NONE);
    assertEquals(TaskStatus.INVALID, refused.status());
    assertEquals("old", Files.readString(inbox.resolve("kept.txt")));

    SendOutcome replaced = send(a, temp.resolve("out"), "kept.txt", true, SendProgress.NONE);
    assertTrue(replaced.isOk(), replaced.message());
    assertEquals("new", Files.readString(inbox.resolve("kept.txt")));
  }

  @Test
  void put_twoSendersOfOneName_theFileHoldsOneOfThemWhole() throws Exception {
    Agent c = agents.start(LoopbackAgents.config(mesh, "c").link(l -> l.staticPeer(b.linkAddress())));
    agents.awaitLinked(c, b);
    byte[] fromA = seeded(6 * MIB, 1);
    byte[] fromC = seeded(6 * MIB, 2);
    write(temp.resolve("a/same.bin"), fromA);
    write(temp.resolve("c/same.bin"), fromC);

    CompletableFuture<SendOutcome> sendA = CompletableFuture.supplyAsync(() -> sendUnchecked(a, temp.resolve("a")));
    CompletableFuture<SendOutcome> sendC = CompletableFuture.supplyAsync(() -> sendUnchecked(c, temp.resolve("c")));
    SendOutcome outcomeA = sendA.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    SendOutcome outcomeC = sendC.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertTrue(outcomeA.isOk() || outcomeC.isOk(), outcomeA + " / " + outcomeC);
    Sha256 received = sha256(inbox.resolve("same.bin"));
    assertTrue(received.equals(Sha256.digest(fromA)) || received.equals(Sha256.digest(fromC)));
  }

  @Test
  void get_missingFileOrUnknownShare_isNotFound() throws Exception {
    for (String name : List.of("share/missing.bin", "nosuchshare/x")) {
      ObjectNode header = HeaderLine.object();
      header.put("name", name);
      try (StreamedResult result = call(a, "file.get", new ByteArrayInputStream(HeaderLine.bytes(header)))) {
        assertEquals(TaskStatus.NOT_FOUND, result.status(), name);
      }
    }
  }

  private SendOutcome sendUnchecked(Agent from, Path directory) {
    try {
      return send(from, directory, "same.bin", true, SendProgress.NONE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private SendOutcome send(Agent from, Path directory, String name, boolean overwrite, SendProgress progress)
      throws IOException {
    try (SharedDirectory dir = SharedDirectory.open(directory);
        FileSource source = dir.openFile(RelativeName.parse(name))) {
      return new FileSender(caller(from)).send(source, RelativeName.parse(name), overwrite, progress);
    }
  }

  private StreamCaller caller(Agent from) {
    return (task, payload) -> call(from, task, payload);
  }

  private StreamedResult call(Agent from, String task, InputStream payload) throws IOException {
    try {
      return from.callStreaming(b.nodeId(), task, payload, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(e);
    }
  }

  private ObjectNode get(Agent from, String name, Path to) throws IOException {
    ObjectNode request = HeaderLine.object();
    request.put("name", name);
    try (StreamedResult result = call(from, "file.get", new ByteArrayInputStream(HeaderLine.bytes(request)))) {
      assertEquals(TaskStatus.OK, result.status(), result.message());
      ObjectNode header = HeaderLine.read(result.payload());
      try (OutputStream out = Files.newOutputStream(to)) {
        result.payload().transferTo(out);
      }
      return header;
    }
  }

  private ObjectNode list(Agent from, String path) throws IOException {
    ObjectNode request = HeaderLine.object();
    request.put("path", path);
    try (StreamedResult result = call(from, "file.list", new ByteArrayInputStream(HeaderLine.bytes(request)))) {
      assertEquals(TaskStatus.OK, result.status(), result.message());
      return HeaderLine.read(result.payload());
    }
  }

  private long partLength() throws IOException {
    try (Stream<Path> files = Files.list(inbox)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).mapToLong(p -> p.toFile().length())
          .max().orElse(0);
    }
  }

  private static byte[] seeded(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static Path write(Path file, byte[] data) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, data);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        write(to.resolve(from.relativize(file)), Files.readAllBytes(file));
      }
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static Sha256 sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return Sha256.of(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Passes {@code limit} bytes through, then fails: a sender that dies mid-transfer. */
  private static final class CuttingStream extends BulkInputStream {
    private final InputStream in;
    private long left;

    CuttingStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    protected int readSome(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        throw new IOException("the sender died");
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
