package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.transfer.FileSender.SendOutcome;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sender's side of {@code file.put-batch}: sends many small files in one call (format on
 * {@link FilePutBatchTask}) and gives each its own outcome. Files are read one at a time as the
 * call streams ({@link BatchPayload}), so a batch never holds more than one file in memory.
 *
 * <p>A receiver without {@code file.put-batch} (an older agent: the call answers NOT_FOUND) gets
 * every file of this and every later batch of this sender with one {@code file.put} each ({@link
 * FileSender}). Thread-safe: several batches may be in flight at once, each with its own caller.
 */
public final class BatchSender {

  /**
   * Files smaller than this, 1 MiB, go in batches; larger ones go alone by {@code file.put}, which
   * can resume them. Below it a file's round trip costs more than its bytes on a LAN.
   */
  public static final long SMALL_FILE_BYTES = FileSender.RESUME_QUERY_MIN_BYTES;

  /**
   * Most bytes of files in one batch, 4 MiB: large enough that a call's overhead is small against
   * its bytes, small enough that 8 batches in flight stay well below the link's buffers.
   */
  public static final long MAX_BATCH_BYTES = 4L << 20;

  /** Most files in one batch, below the receiver's {@link FilePutBatchTask#MAX_ENTRIES}. */
  public static final int MAX_BATCH_FILES = 1024;

  private final AtomicBoolean batchesUnsupported = new AtomicBoolean();

  /** Whether the receiver turned out to have no {@code file.put-batch}, so files now go one by one. */
  public boolean fellBack() {
    return batchesUnsupported.get();
  }

  /**
   * Sends {@code items} in one batch (one by one after a fallback).
   *
   * @param items at most {@link #MAX_BATCH_FILES}, each expected below {@link #SMALL_FILE_BYTES}
   *     (one that grew past {@link FilePutBatchTask#MAX_ENTRY_BYTES} goes alone)
   * @param progress told of each file's bytes once the receiver answered for it
   * @return one outcome per item, in order: OK with its SHA-256, or why it was refused
   * @throws IOException when the call cannot be made at all (the local agent is unreachable)
   */
  public List<SendOutcome> send(StreamCaller caller, List<? extends BatchItem> items, boolean overwrite,
      SendProgress progress) throws IOException {
    if (items.size() > MAX_BATCH_FILES) {
      throw new IllegalArgumentException("a batch holds at most " + MAX_BATCH_FILES + " files, got " + items.size());
    }
    SendOutcome[] outcomes = new SendOutcome[items.size()];
    if (batchesUnsupported.get()) {
      for (int i = 0; i < items.size(); i++) {
        outcomes[i] = sendAlone(caller, items.get(i), overwrite, progress);
      }
      return List.of(outcomes);
    }
    BatchPayload payload = new BatchPayload(items, overwrite);
    try (StreamedResult result = caller.call(FilePutBatchTask.NAME, payload)) {
      if (result.status() == TaskStatus.NOT_FOUND) {
        batchesUnsupported.set(true);
        for (int i = 0; i < items.size(); i++) {
          outcomes[i] = sendAlone(caller, items.get(i), overwrite, progress);
        }
        return List.of(outcomes);
      }
      if (result.isOk()) {
        readAnswers(result.payload(), items, payload, outcomes);
      } else {
        for (int index : payload.sent()) {
          outcomes[index] = SendOutcome.refused(result.status(), result.message(), 0, payload.sizeBytes(index));
        }
      }
    }
    for (int i = 0; i < items.size(); i++) {
      if (outcomes[i] == null) {
        outcomes[i] = switch (payload.fate(i)) {
          case TOO_LARGE -> sendAlone(caller, items.get(i), overwrite, progress);
          case UNREADABLE -> SendOutcome.refused(payload.localFailureStatus(i), payload.localFailure(i), 0, 0);
          case PENDING -> SendOutcome.refused(TaskStatus.FAILED, "not sent: the batch ended before this file", 0, 0);
          case SENT -> SendOutcome.refused(TaskStatus.FAILED, "the receiver did not answer for this file", 0,
              payload.sizeBytes(i));
        };
      } else if (outcomes[i].isOk()) {
        progress.sent(outcomes[i].bytes());
      }
    }
    return List.of(outcomes);
  }

  /** Matches the receiver's answer lines to the files sent, in order. */
  private static void readAnswers(InputStream result, List<? extends BatchItem> items, BatchPayload payload,
      SendOutcome[] outcomes) throws IOException {
    List<Integer> sent = payload.sent();
    InputStream in = new BufferedInputStream(result);
    int answered = 0;
    try {
      while (!atEnd(in)) {
        BatchAnswer answer = BatchAnswer.parse(HeaderLine.read(in));
        if (answer.endsBatch()) {
          for (int index : sent.subList(answered, sent.size())) {
            outcomes[index] = SendOutcome.refused(answer.status(), answer.message(), 0, payload.sizeBytes(index));
          }
          return;
        }
        if (answered == sent.size()) {
          throw new BadHeaderException("the receiver answered for more files than the batch held");
        }
        int index = sent.get(answered);
        String expected = items.get(index).target().toString();
        if (!answer.name().equals(expected)) {
          throw new BadHeaderException("the receiver answered for '" + answer.name() + "' where '" + expected
              + "' was sent");
        }
        outcomes[index] = outcomeOf(answer, payload, index);
        answered++;
      }
    } catch (BadHeaderException e) {
      for (int index : sent.subList(answered, sent.size())) {
        outcomes[index] = SendOutcome.refused(TaskStatus.FAILED, "the receiver's answer is malformed: "
            + e.getMessage(), 0, payload.sizeBytes(index));
      }
    }
  }

  private static SendOutcome outcomeOf(BatchAnswer answer, BatchPayload payload, int index) {
    long size = payload.sizeBytes(index);
    if (answer.status() != TaskStatus.OK) {
      return SendOutcome.refused(answer.status(), answer.message(), 0, size);
    }
    if (!answer.sha256().equals(payload.sha256(index)) || answer.bytes() != size) {
      return SendOutcome.refused(TaskStatus.FAILED, "the receiver reports another size or SHA-256 than was sent",
          0, size);
    }
    return SendOutcome.sent(answer.sha256().orElseThrow(), size, 0, size);
  }

  private static boolean atEnd(InputStream in) throws IOException {
    in.mark(1);
    if (in.read() < 0) {
      return true;
    }
    in.reset();
    return false;
  }

  /** {@code item} with one {@code file.put} of its own. */
  private static SendOutcome sendAlone(StreamCaller caller, BatchItem item, boolean overwrite, SendProgress progress)
      throws IOException {
    FileSource source;
    try {
      source = item.open();
    } catch (IOException e) {
      return SendOutcome.refused(FileStatuses.statusOf(e), FileStatuses.messageOf(e), 0, 0);
    }
    try (source) {
      return new FileSender(caller).send(source, item.target(), overwrite, progress);
    }
  }
}
