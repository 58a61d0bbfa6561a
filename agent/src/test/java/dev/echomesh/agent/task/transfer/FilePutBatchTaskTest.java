package dev.echomesh.agent.task.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.ReceiveLimits;
import dev.echomesh.agent.task.file.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code file.put-batch} on whole payloads: the batch format, and each file's rules and status. */
class FilePutBatchTaskTest {

  @TempDir Path temp;
  Path inbox;

  private static final byte[] A = {1, 2, 3};
  private static final byte[] B = new byte[5000];
  private static final byte[] C = {9};

  @BeforeEach
  void setUp() {
    inbox = temp.resolve("inbox");
    B[17] = 42;
  }

  private FilePutBatchTask task() {
    return task(TransferListener.NONE);
  }

  private FilePutBatchTask task(TransferListener transfers) {
    FileTasksConfig config = new FileTasksConfig(Optional.of(inbox), Map.of(), new ReceiveLimits(1L << 20, 0,
        ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES, ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES));
    return new FilePutBatchTask(config, transfers, new InboxOpener(config));
  }

  private List<BatchAnswer> send(byte[] payload) throws Exception {
    TaskResult result = BatchPayloads.run(task(), payload);
    assertEquals(TaskStatus.OK, result.status(), result.message());
    return BatchPayloads.answers(result);
  }

  private List<String> statuses(List<BatchAnswer> answers) {
    return answers.stream().map(a -> (a.endsBatch() ? "(end)" : a.name()) + " " + a.status()).toList();
  }

  /** Every path below the temporary directory, to prove nothing was written outside the inbox. */
  private List<String> everything() throws Exception {
    try (Stream<Path> paths = Files.walk(temp)) {
      return paths.map(p -> temp.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void handle_threeFiles_eachReceivedWithItsBytesModeAndAnswerInOrder() throws Exception {
    ObjectNode executable = HeaderLine.object();
    executable.put("name", "d/run.sh");
    executable.put("size", C.length);
    executable.put("mode", 0755);
    executable.put("sha256", Sha256.digest(C).hex());

    List<BatchAnswer> answers = send(new BatchPayloads().file("a.txt", A).file("d/e/b.bin", B)
        .entry(executable, C).bytes());

    assertEquals(List.of("a.txt OK", "d/e/b.bin OK", "d/run.sh OK"), statuses(answers));
    assertArrayEquals(A, Files.readAllBytes(inbox.resolve("a.txt")));
    assertArrayEquals(B, Files.readAllBytes(inbox.resolve("d/e/b.bin")));
    assertArrayEquals(C, Files.readAllBytes(inbox.resolve("d/run.sh")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(inbox.resolve("d/run.sh"))));
    assertEquals(Optional.of(Sha256.digest(B)), answers.get(1).sha256());
    assertEquals(B.length, answers.get(1).bytes());
  }

  @Test
  void handle_emptyPayload_isAnEmptyAnswer() throws Exception {
    assertEquals(List.of(), send(new byte[0]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.txt", "/etc/passwd", "a/../../x", "bad\u0000name", "a\\b"})
  void handle_badNameInTheMiddle_thatFileInvalidTheOthersKeptNothingOutside(String badName) throws Exception {
    List<BatchAnswer> answers = send(new BatchPayloads().file("a.txt", A).file(badName, B).file("c.txt", C).bytes());

    assertEquals(List.of("a.txt OK", badName + " INVALID", "c.txt OK"), statuses(answers));
    assertArrayEquals(C, Files.readAllBytes(inbox.resolve("c.txt")));
    assertEquals(List.of("", "inbox", "inbox/a.txt", "inbox/c.txt"), everything());
  }

  @Test
  void handle_wrongSha256InTheMiddle_thatFileFailedNoPartLeftTheOthersKept() throws Exception {
    List<BatchAnswer> answers = send(new BatchPayloads().file("a.txt", A).file("b.bin", B, Sha256.digest(A))
        .file("c.txt", C).bytes());

    assertEquals(List.of("a.txt OK", "b.bin FAILED", "c.txt OK"), statuses(answers));
    assertTrue(answers.get(1).message().contains("SHA-256"), answers.get(1).message());
    assertEquals(List.of("", "inbox", "inbox/a.txt", "inbox/c.txt"), everything());
  }

  @Test
  void handle_shortLastFile_invalidNoPartLeftTheOthersKept() throws Exception {
    byte[] whole = new BatchPayloads().file("a.txt", A).file("b.bin", B).bytes();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 100);

    List<BatchAnswer> answers = send(cut);

    assertEquals(List.of("a.txt OK", "b.bin INVALID"), statuses(answers));
    assertTrue(answers.get(1).message().contains((B.length - 100) + " of this file's " + B.length),
        answers.get(1).message());
    assertEquals(List.of("", "inbox", "inbox/a.txt"), everything());
  }

  @Test
  void handle_headerNotJsonInTheMiddle_endsTheBatchEarlierFilesKept() throws Exception {
    List<BatchAnswer> answers = send(new BatchPayloads().file("a.txt", A).raw("not json\n").file("c.txt", C)
        .bytes());

    assertEquals(List.of("a.txt OK", "(end) INVALID"), statuses(answers));
    assertTrue(answers.get(1).message().contains("file 2 of the batch"), answers.get(1).message());
    assertFalse(Files.exists(inbox.resolve("c.txt")));
  }

  @Test
  void handle_sizeAboveTheEntryLimit_endsTheBatch() throws Exception {
    ObjectNode huge = HeaderLine.object();
    huge.put("name", "huge.bin");
    huge.put("size", FilePutBatchTask.MAX_ENTRY_BYTES + 1);
    huge.put("sha256", Sha256.digest(A).hex());

    List<BatchAnswer> answers = send(new BatchPayloads().file("a.txt", A).entry(huge, A).bytes());

    assertEquals(List.of("a.txt OK", "(end) INVALID"), statuses(answers));
    assertTrue(answers.get(1).message().contains("\"size\""), answers.get(1).message());
  }

  @Test
  void handle_headerWithoutSha256OrWithOffset_thatFileInvalidTheNextStillFound() throws Exception {
    ObjectNode noHash = HeaderLine.object();
    noHash.put("name", "nohash.txt");
    noHash.put("size", A.length);
    ObjectNode offset = HeaderLine.object();
    offset.put("name", "offset.txt");
    offset.put("size", A.length);
    offset.put("offset", 1);
    offset.put("sha256", Sha256.digest(A).hex());

    List<BatchAnswer> answers = send(new BatchPayloads().entry(noHash, A).entry(offset, A).file("c.txt", C).bytes());

    assertEquals(List.of("nohash.txt INVALID", "offset.txt INVALID", "c.txt OK"), statuses(answers));
  }

  @Test
  void handle_existingNameWithoutOverwrite_refusedAndKeptTheOthersReceived() throws Exception {
    Files.createDirectories(inbox);
    Files.write(inbox.resolve("a.txt"), C);

    List<BatchAnswer> answers = send(new BatchPayloads().file("a.txt", A).file("b.bin", B).bytes());

    assertEquals(List.of("a.txt INVALID", "b.bin OK"), statuses(answers));
    assertArrayEquals(C, Files.readAllBytes(inbox.resolve("a.txt")));
    assertEquals(List.of("", "inbox", "inbox/a.txt", "inbox/b.bin"), everything());
  }

  @Test
  void handle_fileTooLargeForTheInbox_refusedBeforeWritingTheNextStillFound() throws Exception {
    FileTasksConfig config = new FileTasksConfig(Optional.of(inbox), Map.of(), new ReceiveLimits(10, 0,
        ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES, ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES));

    TaskResult result = BatchPayloads.run(new FilePutBatchTask(config),
        new BatchPayloads().file("b.bin", B).file("a.txt", A).bytes());

    assertEquals(List.of("b.bin INVALID", "a.txt OK"), statuses(BatchPayloads.answers(result)));
  }

  @Test
  void handle_receivingOff_isDenied() throws Exception {
    TaskResult result = BatchPayloads.run(new FilePutBatchTask(FileTasksConfig.disabled()),
        new BatchPayloads().file("a.txt", A).bytes());

    assertEquals(TaskStatus.DENIED, result.status());
  }

  @Test
  void handle_eachFile_reportedAsOneTransfer() throws Exception {
    List<String> reports = new ArrayList<>();
    BatchPayloads.run(task((direction, status, bytes) -> reports.add(direction + " " + status + " " + bytes)),
        new BatchPayloads().file("a.txt", A).file("../b", B).file("c.txt", C).bytes());

    assertEquals(List.of("RECEIVED OK 3", "RECEIVED INVALID 0", "RECEIVED OK 1"), reports);
  }
}
