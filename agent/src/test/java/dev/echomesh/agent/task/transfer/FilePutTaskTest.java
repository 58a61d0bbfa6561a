package dev.echomesh.agent.task.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.ReceiveLimits;
import dev.echomesh.agent.task.file.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file.put} on whole payloads (the handler's in-memory path), without links. */
class FilePutTaskTest {

  @TempDir Path temp;

  private static TaskResult put(FilePutTask task, byte[] payload) throws Exception {
    return task.handle(new TaskRequest(NodeId.fromBytes(new byte[NodeId.LENGTH_BYTES]), FilePutTask.NAME, payload,
        Instant.now().plusSeconds(60)));
  }

  private static byte[] payload(String name, byte[] data) {
    ObjectNode header = HeaderLine.object();
    header.put("name", name);
    header.put("size", data.length);
    header.put("sha256", Sha256.digest(data).hex());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HeaderLine.bytes(header));
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** A put whose SHA-256 follows the bytes ({@code sha256Trailer}), with {@code trailer} as its last line. */
  private static byte[] trailerPayload(String name, byte[] data, String trailer) {
    ObjectNode header = HeaderLine.object();
    header.put("name", name);
    header.put("size", data.length);
    header.put("sha256Trailer", true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HeaderLine.bytes(header));
    out.writeBytes(data);
    out.writeBytes(trailer.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String trailerOf(byte[] data) {
    return "{\"sha256\":\"" + Sha256.digest(data).hex() + "\"}\n";
  }

  private FilePutTask task() {
    return task(TransferListener.NONE);
  }

  private FilePutTask task(TransferListener transfers) {
    return new FilePutTask(new FileTasksConfig(Optional.of(temp.resolve("inbox")), Map.of(),
        new ReceiveLimits(100, 0, ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES,
            ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES)), transfers);
  }

  /** One {@link TransferListener} report. */
  private record Reported(TransferListener.Direction direction, TaskStatus status, long bytes) {}

  @Test
  void handle_validPut_reportsAReceivedTransferWithItsBytes() throws Exception {
    List<Reported> reports = new ArrayList<>();
    put(task((d, s, b) -> reports.add(new Reported(d, s, b))), payload("a.txt", new byte[5]));

    assertEquals(List.of(new Reported(TransferListener.Direction.RECEIVED, TaskStatus.OK, 5)), reports);
  }

  @Test
  void handle_wrongSha256_reportsAFailedTransferWithTheBytesThatCame() throws Exception {
    List<Reported> reports = new ArrayList<>();
    byte[] body = payload("a.txt", new byte[] {1, 2, 3});
    body[body.length - 1] = 9;

    put(task((d, s, b) -> reports.add(new Reported(d, s, b))), body);

    assertEquals(List.of(new Reported(TransferListener.Direction.RECEIVED, TaskStatus.FAILED, 3)), reports);
  }

  @Test
  void handle_resumeQuery_isNoTransfer() throws Exception {
    List<Reported> reports = new ArrayList<>();
    ObjectNode query = HeaderLine.object();
    query.put("name", "a.txt");
    query.put("size", 5);
    query.put("resume", true);

    TaskResult result = put(task((d, s, b) -> reports.add(new Reported(d, s, b))), HeaderLine.bytes(query));

    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertEquals(List.of(), reports);
  }

  @Test
  void handle_receivingOff_isDenied_andMakesNoInbox() throws Exception {
    TaskResult result = put(new FilePutTask(FileTasksConfig.disabled()), payload("a.txt", new byte[3]));

    assertEquals(TaskStatus.DENIED, result.status());
    assertFalse(Files.exists(temp.resolve("inbox")));
  }

  @Test
  void handle_validPut_writesTheFileAndAnswersItsSha256() throws Exception {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);

    TaskResult result = put(task(), payload("d/a.txt", data));

    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertTrue(result.payloadAsString().contains(Sha256.digest(data).hex()));
    assertEquals("hello", Files.readString(temp.resolve("inbox/d/a.txt")));
  }

  @Test
  void handle_wrongSha256_isFailed_andLeavesNoFile() throws Exception {
    byte[] body = payload("a.txt", new byte[] {1, 2, 3});
    body[body.length - 1] = 9; // the content no longer matches the header's SHA-256

    TaskResult result = put(task(), body);

    assertEquals(TaskStatus.FAILED, result.status());
    assertFalse(Files.exists(temp.resolve("inbox/a.txt")));
  }

  @Test
  void handle_fewerBytesThanDeclared_isInvalid() throws Exception {
    byte[] body = payload("a.txt", new byte[10]);
    byte[] cut = java.util.Arrays.copyOf(body, body.length - 4);

    assertEquals(TaskStatus.INVALID, put(task(), cut).status());
  }

  @Test
  void handle_sha256Trailer_writesTheFileAndAnswersItsSha256() throws Exception {
    byte[] data = "hello\nworld".getBytes(StandardCharsets.UTF_8);

    TaskResult result = put(task(), trailerPayload("t.txt", data, trailerOf(data)));

    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertTrue(result.payloadAsString().contains(Sha256.digest(data).hex()));
    assertEquals("hello\nworld", Files.readString(temp.resolve("inbox/t.txt")));
  }

  @Test
  void handle_sha256TrailerOfOtherBytes_isFailed_andLeavesNoFile() throws Exception {
    TaskResult result = put(task(), trailerPayload("t.txt", new byte[] {1, 2, 3}, trailerOf(new byte[] {1, 2, 4})));

    assertEquals(TaskStatus.FAILED, result.status());
    assertFalse(Files.exists(temp.resolve("inbox/t.txt")));
  }

  @Test
  void handle_sha256TrailerMissingOrFollowedByBytes_isInvalid_andLeavesNoFile() throws Exception {
    byte[] data = {1, 2, 3};
    for (String trailer : List.of("", "{\"sha256\":\"abc\"}\n", trailerOf(data) + "x", "\n")) {
      TaskResult result = put(task(), trailerPayload("t.txt", data, trailer));

      assertEquals(TaskStatus.INVALID, result.status(), trailer + ": " + result.message());
      assertFalse(Files.exists(temp.resolve("inbox/t.txt")), trailer);
    }
  }

  @Test
  void handle_payloadEndsBeforeTheDeclaredSize_withSha256Trailer_isInvalid() throws Exception {
    byte[] whole = trailerPayload("t.txt", new byte[10], "");
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4); // 6 of the 10 bytes, no trailer

    TaskResult result = put(task(), cut);

    assertEquals(TaskStatus.INVALID, result.status(), result.message());
    assertTrue(result.message().contains("10 bytes"), result.message());
    assertFalse(Files.exists(temp.resolve("inbox/t.txt")));
  }

  @Test
  void handle_aboveTheMaximumSize_isInvalid() throws Exception {
    assertEquals(TaskStatus.INVALID, put(task(), payload("big.bin", new byte[101])).status());
  }
}
