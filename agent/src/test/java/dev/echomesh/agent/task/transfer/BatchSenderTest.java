package dev.echomesh.agent.task.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.ReceiveLimits;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.Sha256;
import dev.echomesh.agent.task.file.SharedDirectory;
import dev.echomesh.agent.task.transfer.FileSender.SendOutcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSenderTest {

  @TempDir Path temp;
  Path source;
  Path inbox;
  SharedDirectory directory;
  FileTasksConfig config;
  final List<String> calls = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    source = Files.createDirectories(temp.resolve("source"));
    inbox = temp.resolve("inbox");
    config = new FileTasksConfig(Optional.of(inbox), Map.of(), new ReceiveLimits(1L << 30, 0,
        ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES, ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (directory != null) {
      directory.close();
    }
  }

  private record Item(SharedDirectory directory, RelativeName target) implements BatchItem {
    @Override
    public FileSource open() throws IOException {
      return directory.openFile(target);
    }
  }

  /** Files a.txt, b/c.bin, d.txt of different sizes in the source directory, as items. */
  private List<Item> items(String... names) throws IOException {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Path file = source.resolve(names[i]);
      Files.createDirectories(file.getParent());
      Files.write(file, content(i));
    }
    directory = SharedDirectory.open(source);
    for (String name : names) {
      items.add(new Item(directory, RelativeName.parse(name)));
    }
    return items;
  }

  private static byte[] content(int i) {
    return ("file " + i + " ").repeat(100 * (i + 1)).getBytes(StandardCharsets.UTF_8);
  }

  private StreamCaller receiver(boolean withBatchTask) {
    InboxOpener shared = new InboxOpener(config);
    Map<String, StreamingTaskHandler> tasks = withBatchTask
        ? Map.of(FilePutTask.NAME, new FilePutTask(config, TransferListener.NONE, shared),
            FilePutBatchTask.NAME, new FilePutBatchTask(config, TransferListener.NONE, shared))
        : Map.of(FilePutTask.NAME, new FilePutTask(config, TransferListener.NONE, shared));
    StreamCaller inner = BatchPayloads.inProcess(tasks);
    return (task, payload) -> {
      calls.add(task);
      return inner.call(task, payload);
    };
  }

  private static List<String> statuses(List<SendOutcome> outcomes) {
    return outcomes.stream().map(o -> o.status().name()).toList();
  }

  @Test
  void send_smallFiles_oneCallEveryFileArrivesWithItsOutcomeAndProgress() throws Exception {
    List<Item> items = items("a.txt", "b/c.bin", "d.txt");
    AtomicLong progress = new AtomicLong();

    List<SendOutcome> outcomes = new BatchSender().send(receiver(true), items, false, progress::addAndGet);

    assertEquals(List.of("OK", "OK", "OK"), statuses(outcomes));
    assertEquals(List.of(FilePutBatchTask.NAME), calls);
    for (int i = 0; i < items.size(); i++) {
      assertArrayEquals(content(i), Files.readAllBytes(inbox.resolve(items.get(i).target().toString())));
      assertEquals(Optional.of(Sha256.digest(content(i))), outcomes.get(i).sha256());
      assertEquals(content(i).length, outcomes.get(i).sentBytes());
    }
    assertEquals(content(0).length + content(1).length + content(2).length, progress.get());
  }

  @Test
  void send_receiverWithoutBatchTask_fallsBackToOnePutPerFileForThisAndLaterBatches() throws Exception {
    List<Item> items = items("a.txt", "b/c.bin", "d.txt");
    BatchSender sender = new BatchSender();
    StreamCaller old = receiver(false);

    List<SendOutcome> first = sender.send(old, items.subList(0, 2), false, bytes -> { });
    List<SendOutcome> second = sender.send(old, items.subList(2, 3), false, bytes -> { });

    assertEquals(List.of("OK", "OK"), statuses(first));
    assertEquals(List.of("OK"), statuses(second));
    assertTrue(sender.fellBack());
    assertEquals(List.of(FilePutBatchTask.NAME, FilePutTask.NAME, FilePutTask.NAME, FilePutTask.NAME), calls);
    assertArrayEquals(content(2), Files.readAllBytes(inbox.resolve("d.txt")));
  }

  @Test
  void send_fileGoneBeforeItsTurn_itsOwnNotFoundTheOthersSent() throws Exception {
    List<Item> items = items("a.txt", "b/c.bin", "d.txt");
    Files.delete(source.resolve("b/c.bin"));

    List<SendOutcome> outcomes = new BatchSender().send(receiver(true), items, false, bytes -> { });

    assertEquals(List.of("OK", "NOT_FOUND", "OK"), statuses(outcomes));
    assertFalse(Files.exists(inbox.resolve("b/c.bin")));
    assertEquals(0, outcomes.get(1).sentBytes());
  }

  @Test
  void send_existingTargetWithoutOverwrite_onlyThatFileRefused() throws Exception {
    List<Item> items = items("a.txt", "d.txt");
    Files.createDirectories(inbox);
    Files.write(inbox.resolve("d.txt"), new byte[] {1});

    List<SendOutcome> outcomes = new BatchSender().send(receiver(true), items, false, bytes -> { });
    List<SendOutcome> again = new BatchSender().send(receiver(true), items.subList(1, 2), true, bytes -> { });

    assertEquals(List.of("OK", "INVALID"), statuses(outcomes));
    assertEquals(List.of("OK"), statuses(again));
    assertTrue(again.get(0).isOk());
  }

  @Test
  void send_callRefused_everyFileSentGetsTheCallsStatus() throws Exception {
    List<Item> items = items("a.txt", "d.txt");
    StreamCaller denying = (task, payload) -> {
      payload.readAllBytes();
      return new StreamedResult(TaskStatus.DENIED, "not you", ByteArrayInputStream.nullInputStream());
    };

    List<SendOutcome> outcomes = new BatchSender().send(denying, items, false, bytes -> { });

    assertEquals(List.of("DENIED", "DENIED"), statuses(outcomes));
    assertEquals("not you", outcomes.get(0).message());
  }

  @Test
  void send_answerForAnotherName_failsTheFilesNotMatched() throws Exception {
    List<Item> items = items("a.txt", "d.txt");
    StreamCaller confused = (task, payload) -> {
      payload.readAllBytes();
      byte[] answer = HeaderLine.bytes(BatchAnswer.refused("zzz", TaskStatus.INVALID, "?").toJson());
      return new StreamedResult(TaskStatus.OK, "", new ByteArrayInputStream(answer));
    };

    List<SendOutcome> outcomes = new BatchSender().send(confused, items, false, bytes -> { });

    assertEquals(List.of("FAILED", "FAILED"), statuses(outcomes));
    assertTrue(outcomes.get(0).message().contains("malformed"), outcomes.get(0).message());
  }

  @Test
  void send_batchEndedEarly_theRestGetTheReason() throws Exception {
    List<Item> items = items("a.txt", "d.txt");
    StreamCaller ending = (task, payload) -> {
      payload.readAllBytes();
      byte[] answer = HeaderLine.bytes(new BatchAnswer("a.txt", TaskStatus.INVALID, "no", 0, Optional.empty(), false)
          .toJson());
      byte[] end = HeaderLine.bytes(BatchAnswer.batchEnded(TaskStatus.INVALID, "the rest was not read").toJson());
      byte[] both = new byte[answer.length + end.length];
      System.arraycopy(answer, 0, both, 0, answer.length);
      System.arraycopy(end, 0, both, answer.length, end.length);
      return new StreamedResult(TaskStatus.OK, "", new ByteArrayInputStream(both));
    };

    List<SendOutcome> outcomes = new BatchSender().send(ending, items, false, bytes -> { });

    assertEquals(List.of("INVALID", "INVALID"), statuses(outcomes));
    assertEquals("the rest was not read", outcomes.get(1).message());
  }

  @Test
  void send_fileGrownPastTheBatchLimit_goesAloneByFilePut() throws Exception {
    List<Item> items = items("a.txt", "d.txt");
    byte[] big = new byte[(int) FilePutBatchTask.MAX_ENTRY_BYTES + 1];
    big[5] = 5;
    Files.write(source.resolve("d.txt"), big);

    List<SendOutcome> outcomes = new BatchSender().send(receiver(true), items, false, bytes -> { });

    assertEquals(List.of("OK", "OK"), statuses(outcomes));
    assertEquals(List.of(FilePutBatchTask.NAME, FilePutTask.NAME, FilePutTask.NAME), calls); // resume query, put
    assertArrayEquals(big, Files.readAllBytes(inbox.resolve("d.txt")));
  }
}
