package dev.echomesh.it.mesh;

import static dev.echomesh.it.mesh.TestFiles.partBytes;
import static dev.echomesh.it.mesh.TestFiles.sha256;
import static dev.echomesh.it.mesh.TestFiles.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code echomesh send}, {@code get} and {@code files} between hosts of the virtual LAN: byte-identical
 * transfers of a tree and of a file, resume after {@code kill -9} of either side, a receiver's
 * full disk, two senders of one name. h1 sends; h2 receives on the LAN's disk; h3's inbox is a
 * small tmpfs mounted in the LAN's mount namespace (h3 also sends to h2).
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesIT {

  private static final long MIB = 1024 * 1024;
  /** Big enough that a kill lands mid-transfer and a window is small beside it; small enough for two cores. */
  private static final long BIG_BYTES = 64 * MIB;
  /** The bound on the bytes sent twice when the receiver is killed half-way. */
  private static final long MAX_RESENT_BYTES = 8 * MIB;
  /** h3's inbox (a tmpfs). */
  private static final long SMALL_INBOX_BYTES = 16 * MIB;
  /** A transfer of BIG_BYTES on two loaded cores. */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);
  private static final int EXIT_FAILED = 8;
  private static final int EXIT_OVERLOADED = 10;
  private static final int EXIT_INVALID = 7;

  private VirtualLan lan;
  private Path sharedDir;
  private LanAgent sender;
  private LanAgent receiver;
  private LanAgent small;

  @BeforeAll
  void startHosts() throws IOException {
    lan = VirtualLan.create(3);
    try {
      Path senderDir = lan.directory().resolve("h1");
      Path receiverDir = lan.directory().resolve("h2");
      Path smallDir = lan.directory().resolve("h3");
      String joinCode = LanAgent.newMesh(senderDir);
      LanAgent.join(receiverDir, joinCode);
      LanAgent.join(smallDir, joinCode);
      sharedDir = Files.createDirectories(lan.directory().resolve("srv/share"));
      Files.writeString(receiverDir.resolve("echomesh.toml"), "[files]\nshared = [\"" + sharedDir + "\"]\n"
          + "free-space-reserve = 0\n");
      Files.writeString(smallDir.resolve("echomesh.toml"), "[files]\nfree-space-reserve = 0\n");
      Path smallInbox = Files.createDirectories(smallDir.resolve("inbox"));
      // In the LAN's mount namespace (its PID 1's), so that h3's agent and host.exec see it.
      lan.host(3).exec("sh", "-c", "mount -t proc proc /proc && nsenter --target 1 --mount mount -t tmpfs -o size="
          + SMALL_INBOX_BYTES + ",mode=0700 tmpfs " + smallInbox).requireSuccess();
      sender = LanAgent.on(lan.host(1), senderDir, List.of()).start();
      receiver = LanAgent.on(lan.host(2), receiverDir, List.of()).start();
      small = LanAgent.on(lan.host(3), smallDir, List.of()).start();
      MeshIT.awaitState(sender, receiver, PeerState.ALIVE);
      MeshIT.awaitState(sender, small, PeerState.ALIVE);
      MeshIT.awaitState(small, receiver, PeerState.ALIVE);
    } catch (RuntimeException | Error | IOException e) {
      System.err.println(lan.describe());
      lan.close();
      throw e;
    }
  }

  @AfterAll
  void stopHosts() {
    if (lan != null) {
      lan.close();
    }
  }

  @Test
  void send_treeAndGet_byteIdentical() throws Exception {
    Path tree = lan.directory().resolve("out/tree");
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      write(tree.resolve("d" + (i % 4) + "/f" + i), random.nextInt(30_000), i);
    }
    write(sharedDir.resolve("fetch.bin"), 5 * MIB, 99);

    Cli.Result send = send(sender, "h2", tree);
    Cli.Result get = Cli.run(lan.directory(), "get", "h2", "share/fetch.bin",
        lan.directory().resolve("fetched.bin").toString(), "--data-dir", sender.dataDir().toString());
    Cli.Result files = Cli.run(lan.directory(), "files", "h2", "--data-dir", sender.dataDir().toString());

    assertEquals(0, send.exitCode(), send.toString());
    assertEquals(50, send.stdout().lines().count(), send.toString());
    try (Stream<Path> sent = Files.walk(tree)) {
      for (Path file : sent.filter(Files::isRegularFile).toList()) {
        assertEquals(sha256(file), sha256(receiver.dataDir().resolve("inbox/tree").resolve(tree.relativize(file))));
      }
    }
    assertEquals(0, get.exitCode(), get.toString());
    assertEquals(sha256(sharedDir.resolve("fetch.bin")), sha256(lan.directory().resolve("fetched.bin")));
    assertEquals(0, files.exitCode(), files.toString());
    assertTrue(files.stdout().contains("share/fetch.bin"), files.toString());
  }

  @Test
  void send_receiverKilledHalfWay_resumesByteIdenticalSendingAtMostOneWindowAgain() throws Exception {
    Path file = write(lan.directory().resolve("out/receiver-killed.bin"), BIG_BYTES, 11);
    Path inbox = receiver.dataDir().resolve("inbox");

    Cli.Result interrupted = sendInterrupted(file, inbox, receiver);
    long keptBytes = partBytes(inbox, "receiver-killed.bin");
    receiver.start();
    MeshIT.awaitState(sender, receiver, PeerState.ALIVE);
    Cli.Result resumed = sendUntilNotBusy(file);

    JsonNode cut = record(interrupted);
    JsonNode done = record(resumed);
    assertNotEquals("OK", cut.get("status").asText(), interrupted.toString());
    assertEquals(0, resumed.exitCode(), resumed.toString());
    assertEquals(keptBytes, done.get("resumedFrom").asLong(), "resumes where the partial file stops: " + resumed);
    assertTrue(keptBytes > BIG_BYTES / 2, "killed past half: " + keptBytes);
    long resentBytes = cut.get("sentBytes").asLong() - done.get("resumedFrom").asLong();
    System.out.printf("FilesIT: receiver killed at %d of %d bytes; %d bytes sent again%n", keptBytes, BIG_BYTES,
        resentBytes);
    assertTrue(resentBytes <= MAX_RESENT_BYTES, resentBytes + " bytes sent again: " + interrupted + resumed);
    assertEquals(BIG_BYTES - keptBytes, done.get("sentBytes").asLong(), resumed.toString());
    assertEquals(sha256(file), sha256(inbox.resolve(file.getFileName())));
    assertEquals(0, partBytes(inbox, "receiver-killed.bin"), "no partial file stays");
  }

  @Test
  void send_senderKilledHalfWay_resumesByteIdentical() throws Exception {
    Path file = write(lan.directory().resolve("out/sender-killed.bin"), BIG_BYTES, 12);
    Path inbox = receiver.dataDir().resolve("inbox");

    Cli.Result interrupted = sendInterrupted(file, inbox, sender);
    sender.start();
    MeshIT.awaitState(sender, receiver, PeerState.ALIVE);
    Cli.Result resumed = sendUntilNotBusy(file);

    assertNotEquals(0, interrupted.exitCode(), interrupted.toString());
    assertEquals(0, resumed.exitCode(), resumed.toString());
    long resumedFrom = record(resumed).get("resumedFrom").asLong();
    assertTrue(resumedFrom > BIG_BYTES / 2, "resumed past half: " + resumed);
    assertEquals(BIG_BYTES - resumedFrom, record(resumed).get("sentBytes").asLong(), resumed.toString());
    assertEquals(sha256(file), sha256(inbox.resolve(file.getFileName())));
    assertEquals(0, partBytes(inbox, "sender-killed.bin"), "no partial file stays");
  }

  @Test
  void send_largerThanTheReceiversDisk_failsClearly_andTheReceiverServesOn() throws Exception {
    Path tooBig = write(lan.directory().resolve("out/too-big.bin"), 2 * SMALL_INBOX_BYTES, 21);
    Path later = write(lan.directory().resolve("out/later.bin"), 100_000, 22);
    Path inbox = small.dataDir().resolve("inbox");

    Cli.Result refused = send(sender, "h3", tooBig);
    Cli.Result fits = send(sender, "h3", later);

    assertEquals(EXIT_FAILED, refused.exitCode(), "FAILED, as docs/files.md says: " + refused);
    assertTrue(refused.stdout().contains("the receiver's disk is full"), refused.toString());
    assertFalse(small.host().exec("ls", "-A", inbox.toString()).requireSuccess().stdout().lines()
        .anyMatch(name -> name.equals("too-big.bin")), "no file under its final name");
    assertEquals(0, fits.exitCode(), fits.toString());
    assertTrue(small.host().exec("sha256sum", inbox.resolve("later.bin").toString()).requireSuccess().stdout()
        .startsWith(sha256(later)), "the later file arrived whole on the tmpfs");
  }

  @Test
  void send_twoSendersOfOneNameAtOnce_eachFileStaysWhole() throws Exception {
    Path fromSender = write(lan.directory().resolve("out/h1/same.bin"), 8 * MIB, 31);
    Path fromSmall = write(lan.directory().resolve("out/h3/same.bin"), 8 * MIB, 32);
    Path inbox = receiver.dataDir().resolve("inbox");

    CompletableFuture<Cli.Result> first = sendAsync(sender, fromSender);
    CompletableFuture<Cli.Result> second = sendAsync(small, fromSmall);
    Cli.Result one = first.get(TRANSFER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Cli.Result other = second.get(TRANSFER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertTrue(one.exitCode() == 0 ^ other.exitCode() == 0, "exactly one wins: " + one + other);
    boolean senderWon = one.exitCode() == 0;
    Cli.Result loser = senderWon ? other : one;
    assertEquals(EXIT_INVALID, loser.exitCode(), "the other finds the name taken: " + loser);
    assertEquals(sha256(senderWon ? fromSender : fromSmall), sha256(inbox.resolve("same.bin")));

    // The loser's partial file (if it got to write one) was its own: asked to overwrite, it completes, unmixed.
    Path loserFile = senderWon ? fromSmall : fromSender;
    Cli.Result replaced = Cli.run(TRANSFER_TIMEOUT, lan.directory(), "send", "h2", loserFile.toString(), "--json",
        "--overwrite", "--data-dir", (senderWon ? small : sender).dataDir().toString());
    assertEquals(0, replaced.exitCode(), replaced.toString());
    long resumedFrom = record(replaced).get("resumedFrom").asLong();
    assertTrue(resumedFrom == 0 || resumedFrom == 8 * MIB, "refused before writing, or complete: " + replaced);
    assertEquals(sha256(loserFile), sha256(inbox.resolve("same.bin")));
    assertEquals(0, partBytes(inbox, "same.bin"), "no partial file stays");
  }

  @Test
  void send_manySmallFilesAndABigOne_byteIdenticalWithModesOneRecordEach() throws Exception {
    Path tree = lan.directory().resolve("out/many");
    int[] modes = {0644, 0600, 0755, 0640};
    Random random = new Random(11);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Path file = write(tree.resolve("d" + (i % 7) + "/e" + (i % 3) + "/f" + i), random.nextInt(20_000), 1000 + i);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(rwx(modes[i % modes.length])));
      files.add(file);
    }
    files.add(write(tree.resolve("big.bin"), 3 * MIB, 7)); // above the batch limit: file.put
    Files.setPosixFilePermissions(files.get(files.size() - 1), PosixFilePermissions.fromString("rwxr-x---"));

    Cli.Result send = send(sender, "h2", tree);

    assertEquals(0, send.exitCode(), send.toString());
    List<String> records = send.stdout().lines().toList();
    assertEquals(files.size(), records.size(), send.toString());
    for (String line : records) {
      JsonNode record = new ObjectMapper().readTree(line);
      assertEquals("OK", record.get("status").asText(), line);
      Path file = tree.getParent().resolve(record.get("name").asText());
      assertEquals(sha256(file), record.get("sha256").asText(), line);
      assertEquals(Files.size(file), record.get("bytes").asLong(), line);
      assertTrue(record.get("seconds").isNumber(), line);
    }
    Path received = receiver.dataDir().resolve("inbox/many");
    for (Path file : files) {
      Path copy = received.resolve(tree.relativize(file));
      assertEquals(sha256(file), sha256(copy), copy.toString());
      assertEquals(Files.getPosixFilePermissions(file), Files.getPosixFilePermissions(copy), copy.toString());
    }
    try (Stream<Path> all = Files.walk(received)) {
      assertEquals(files.size(), all.filter(Files::isRegularFile).count(), "no partial file left");
    }
  }

  @Test
  void putBatch_badNamesInTheMiddle_thoseRefused_theOthersReceived_nothingWrittenOutside() throws Exception {
    Path inbox = receiver.dataDir().resolve("inbox");
    Path outside = Files.createDirectories(lan.directory().resolve("outside-batch"));
    Files.createDirectories(inbox);
    Files.createSymbolicLink(inbox.resolve("batch-link-out"), outside);
    List<String> names = List.of("batch/first.txt", "../escaped-batch.bin", "batch/../../escaped-batch.bin",
        outside.resolve("abs-escaped-batch.bin").toString(), "batch-link-out/escaped-batch.bin", "batch/last.txt");
    StringBuilder payload = new StringBuilder();
    for (String name : names) {
      payload.append("{\"name\":\"").append(name).append("\",\"size\":3,\"sha256\":")
          .append("\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}\n") // SHA-256 of "abc"
          .append("abc");
    }

    CallOutcome outcome = sender.call("h2", "file.put-batch", payload.toString(), Duration.ofSeconds(30));

    assertEquals("OK", outcome.result().status().name(), outcome.result().message());
    List<String> statuses = new ArrayList<>();
    for (String line : new String(outcome.result().payload(), StandardCharsets.UTF_8).lines().toList()) {
      JsonNode answer = new ObjectMapper().readTree(line);
      statuses.add(answer.get("name").asText() + " " + answer.get("status").asText());
    }
    assertEquals(List.of("batch/first.txt OK", "../escaped-batch.bin INVALID", "batch/../../escaped-batch.bin INVALID",
        outside.resolve("abs-escaped-batch.bin") + " INVALID", "batch-link-out/escaped-batch.bin INVALID",
        "batch/last.txt OK"), statuses);
    assertEquals("abc", Files.readString(inbox.resolve("batch/first.txt")));
    assertEquals("abc", Files.readString(inbox.resolve("batch/last.txt")));
    try (Stream<Path> everything = Files.walk(lan.directory())) {
      assertEquals(List.of(), everything.filter(p -> p.getFileName().toString().contains("escaped-batch")).toList());
    }
    try (Stream<Path> left = Files.list(outside)) {
      assertEquals(0, left.count(), "nothing written through the link");
    }
  }

  /** "rwxr-x---" for 0750. */
  private static String rwx(int mode) {
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = mode >> shift & 7;
      text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return text.toString();
  }

  @Test
  void put_badNames_invalid_andNothingWrittenOutsideTheInbox() throws Exception {
    Path inbox = receiver.dataDir().resolve("inbox");
    Path outside = Files.createDirectories(lan.directory().resolve("outside"));
    Files.createDirectories(inbox);
    Files.createSymbolicLink(inbox.resolve("link-out"), outside);
    assertEquals(0, new ProcessBuilder("mkfifo", inbox.resolve("fifo").toString()).start().waitFor());
    boolean device = new ProcessBuilder("mknod", inbox.resolve("null-device").toString(), "c", "1", "3")
        .start().waitFor() == 0; // needs real root (CI); skipped as a case otherwise
    List<String> names = new ArrayList<>(List.of(outside.resolve("abs-escaped.bin").toString(),
        "../escaped.bin", "sub/../../escaped.bin",
        "nul\\u0000escaped.bin", "ctl\\u0007escaped.bin", // JSON escapes of a NUL and a BEL
        "link-out/escaped.bin", "fifo", "fifo/escaped.bin"));
    if (device) {
      names.addAll(List.of("null-device", "null-device/escaped.bin"));
    }

    for (String name : names) {
      String header = "{\"name\":\"" + name + "\",\"size\":3,\"overwrite\":true,\"sha256\":"
          + "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}\n"; // SHA-256 of "abc"
      CallOutcome outcome = sender.call("h2", "file.put", header + "abc", Duration.ofSeconds(30));
      String message = outcome.result().message();
      assertEquals("INVALID", outcome.result().status().name(), name + ": " + message);
      assertFalse(message.contains("header"), "refused for its name, not its JSON: " + message);
    }

    try (Stream<Path> everything = Files.walk(lan.directory())) {
      assertEquals(List.of(), everything.filter(p -> p.getFileName().toString().contains("escaped")).toList());
    }
    try (Stream<Path> left = Files.list(outside)) {
      assertEquals(0, left.count(), "nothing written through the link");
    }
    assertTrue(Files.isSymbolicLink(inbox.resolve("link-out")), "the link is left alone");
  }

  /**
   * Sends {@code file} from h1 to h2 and kills {@code victim} with SIGKILL once h2's partial file
   * holds more than half of it; waits until the other side has seen it DEAD.
   */
  private Cli.Result sendInterrupted(Path file, Path inbox, LanAgent victim) throws Exception {
    CompletableFuture<Cli.Result> first = sendAsync(sender, file);
    await("h2's partial file passes half of " + file.getFileName())
        .atMost(TRANSFER_TIMEOUT)
        .pollInterval(Duration.ofMillis(10)) // on a fast machine the second half takes well under a second
        .failFast("the send ended before it was half-way: " + first, first::isDone)
        .until(() -> partBytes(inbox, file.getFileName().toString()) > BIG_BYTES / 2);
    victim.kill9();
    MeshIT.awaitState(victim == sender ? receiver : sender, victim, PeerState.DEAD);
    return first.get(TRANSFER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends {@code file} from h1 to h2 again, while h2 still finishes the interrupted transfer (OVERLOADED). */
  private Cli.Result sendUntilNotBusy(Path file) {
    return await("a send of " + file.getFileName() + " that is not refused as busy")
        .atMost(TRANSFER_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> send(sender, "h2", file), result -> result.exitCode() != EXIT_OVERLOADED);
  }

  private CompletableFuture<Cli.Result> sendAsync(LanAgent from, Path file) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return send(from, "h2", file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  private Cli.Result send(LanAgent from, String peer, Path path) throws IOException, InterruptedException {
    return Cli.run(TRANSFER_TIMEOUT, lan.directory(), "send", peer, path.toString(), "--json", "--data-dir",
        from.dataDir().toString());
  }

  /** The one --json record of a send of one file. */
  private static JsonNode record(Cli.Result result) throws IOException {
    List<String> lines = result.stdout().lines().toList();
    assertEquals(1, lines.size(), "one record: " + result);
    return new ObjectMapper().readTree(lines.get(0));
  }
}
