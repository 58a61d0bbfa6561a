package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.Inbox;
import dev.echomesh.agent.task.file.InboxBatch;
import dev.echomesh.agent.task.file.Printable;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file.put-batch}: receives many small files into the inbox in one call, so that a tree of
 * small files costs no round trip per file. Every file of a batch gets every rule of {@code
 * file.put} (names, no overwrite unless asked, size and free-space limits, SHA-256 verified before
 * the rename, mode bits) and its own status; a file refused does not stop the others.
 *
 * <p>Request payload: entries one after another, each a {@code file.put} header line ({@code
 * name}, {@code size}, {@code mode}, {@code sha256}, {@code overwrite}; no {@code offset} or
 * {@code resume}: batched files are sent whole) followed by exactly {@code size} bytes of the file.
 * At most {@link #MAX_ENTRIES} entries, each at most {@link #MAX_ENTRY_BYTES}; the payload ends
 * after the last entry's bytes.
 *
 * <p>Answer (OK whenever the batch could be read): one {@link BatchAnswer} line per entry read,
 * in the batch's order: {@code {"name", "status": "OK", "bytes", "sha256", "replaced"}} or {@code
 * {"name", "status", "message"}}. An entry whose header has no usable {@code size} (not a JSON
 * object, size missing or above {@link #MAX_ENTRY_BYTES}), a batch of more than {@link
 * #MAX_ENTRIES} entries, or a payload that ends inside an entry's bytes, ends the batch: a last
 * line without {@code name}, {@code {"status": "INVALID", "message"}}, says why, and no entry after
 * it was read. Call statuses: DENIED when receiving is off; FAILED when the payload broke off (link
 * lost, call cancelled; files answered before stay received); never NOT_FOUND, so that a sender
 * reads NOT_FOUND as "this agent has no {@code file.put-batch}" and falls back to {@code file.put}.
 *
 * <p>Memory: one buffer of {@link #BUFFER_BYTES} per call, whatever the batch's size. A file that
 * fails leaves no partial file behind (batches are not resumed: their files are small).
 */
public final class FilePutBatchTask implements StreamingTaskHandler {

  public static final String NAME = "file.put-batch";

  /** Most entries one batch may hold: bounds the answer (a few hundred bytes per entry). */
  public static final int MAX_ENTRIES = 4096;

  /** Largest file a batch may carry; larger files go by {@code file.put}, which resumes. */
  public static final long MAX_ENTRY_BYTES = 1L << 20;

  private static final Logger log = LoggerFactory.getLogger(FilePutBatchTask.class);
  private static final int BUFFER_BYTES = 64 * 1024;

  private final FileTasksConfig config;
  private final TransferListener transfers;
  private final InboxOpener inboxes;

  /** @param inboxes the inbox, shared with {@code file.put} */
  FilePutBatchTask(FileTasksConfig config, TransferListener transfers, InboxOpener inboxes) {
    this.config = config;
    this.transfers = transfers;
    this.inboxes = inboxes;
  }

  /** A batch task with its own inbox (tests, embedders that register it alone). */
  public FilePutBatchTask(FileTasksConfig config) {
    this(config, TransferListener.NONE, new InboxOpener(config));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "receives many small files into this node's inbox in one call (echomesh send of a directory)";
  }

  @Override
  public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) {
    if (config.inbox().isEmpty()) {
      return TaskResult.error(TaskStatus.DENIED, "this node does not receive files (files.receive is false or no"
          + " inbox is set)");
    }
    Inbox inbox;
    try {
      inbox = inboxes.inbox();
    } catch (IOException e) {
      return FileStatuses.resultOf(e);
    }
    BatchTally tally = new BatchTally();
    ByteArrayOutputStream answers = new ByteArrayOutputStream();
    try (InboxBatch batch = inbox.batch()) {
      BatchEntryReceiver receiver = new BatchEntryReceiver(batch, request.caller().toString(),
          new BufferedInputStream(payload, BUFFER_BYTES), new byte[BUFFER_BYTES]);
      for (int index = 0; ; index++) {
        if (receiver.atEnd()) {
          break;
        }
        if (index == MAX_ENTRIES) {
          answers.writeBytes(HeaderLine.bytes(BatchAnswer.batchEnded(TaskStatus.INVALID,
              "a batch holds at most " + MAX_ENTRIES + " files; the rest was not read").toJson()));
          break;
        }
        BatchEntryReceiver.Outcome outcome = receiver.next(index);
        BatchAnswer answer = outcome.answer();
        answers.writeBytes(HeaderLine.bytes(answer.toJson()));
        if (!answer.endsBatch()) {
          tally.count(answer);
          transfers.transferEnded(TransferListener.Direction.RECEIVED, answer.status(), outcome.movedBytes());
        }
        if (!outcome.more()) {
          break;
        }
      }
    } catch (IOException e) {
      log.warn("Could not close a directory of the inbox after a batch of files from {}: {}", request.caller(),
          e.getMessage());
    } catch (BatchEntryReceiver.PayloadBrokenException e) {
      log.info("A batch of files from {} broke off after {} files ({}); the {} received stay in the inbox",
          request.caller(), tally.files(), e.getCause().getMessage(), tally.received());
      return TaskResult.error(TaskStatus.FAILED, "the batch broke off after " + tally.files() + " files: "
          + e.getCause().getMessage());
    }
    tally.log(request);
    return TaskResult.ok(answers.toByteArray());
  }

  /** The header's name as given, for the answer, whatever it holds; empty when there is none. */
  static String nameOf(ObjectNode header) {
    JsonNode name = header.get("name");
    return name != null && name.isTextual() ? name.asText() : "";
  }

  /** What one batch received, for its log line; one task thread. */
  private static final class BatchTally {
    private int files;
    private int received;
    private long bytes;
    private String firstRefusal = "";

    void count(BatchAnswer answer) {
      files++;
      if (answer.status() == TaskStatus.OK) {
        received++;
        bytes += answer.bytes();
      } else if (firstRefusal.isEmpty()) {
        firstRefusal = "; first refused: " + Printable.quote(answer.name()) + ": " + answer.status() + " "
            + answer.message();
      }
    }

    int files() {
      return files;
    }

    int received() {
      return received;
    }

    void log(TaskRequest request) {
      if (files == 0) {
        return;
      }
      log.info("Received {} of {} files ({} bytes) from {} in a batch into the inbox{}", received, files, bytes,
          request.caller(), firstRefusal);
    }
  }
}
