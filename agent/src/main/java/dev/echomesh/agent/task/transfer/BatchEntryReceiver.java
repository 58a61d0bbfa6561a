package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.InboxBatch;
import dev.echomesh.agent.task.file.IncomingFile;
import dev.echomesh.agent.task.file.InvalidNameException;
import dev.echomesh.agent.task.file.ReceivedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the entries of one {@code file.put-batch} payload one at a time into the inbox (format on
 * {@link FilePutBatchTask}). A refused entry's bytes are read and dropped, so the next entry is
 * found; a failed entry's partial file is deleted. Not thread-safe: one call's task thread.
 */
final class BatchEntryReceiver {

  private static final Logger log = LoggerFactory.getLogger(BatchEntryReceiver.class);

  /** The outcome of one entry: its answer line, the bytes it wrote, and whether more may follow. */
  record Outcome(BatchAnswer answer, long movedBytes, boolean more) {}

  /** Reading the payload failed (link lost, call cancelled): the batch cannot go on. */
  static final class PayloadBrokenException extends Exception {
    private static final long serialVersionUID = 1L;

    PayloadBrokenException(IOException cause) {
      super(cause);
    }
  }

  private final InboxBatch inbox;
  private final String senderId;
  private final InputStream payload;
  private final byte[] buffer;

  /**
   * @param payload the batch, buffered (header lines are read byte by byte; mark must be supported)
   * @param buffer where entry bytes pass through, any size
   */
  BatchEntryReceiver(InboxBatch inbox, String senderId, InputStream payload, byte[] buffer) {
    if (!payload.markSupported()) {
      throw new IllegalArgumentException("the payload must support mark, e.g. a BufferedInputStream");
    }
    this.inbox = inbox;
    this.senderId = senderId;
    this.payload = payload;
    this.buffer = buffer;
  }

  /** Whether the payload has ended (cleanly, between entries). */
  boolean atEnd() throws PayloadBrokenException {
    try {
      payload.mark(1);
      if (payload.read() < 0) {
        return true;
      }
      payload.reset();
      return false;
    } catch (IOException e) {
      throw new PayloadBrokenException(e);
    }
  }

  /**
   * Reads and receives the next entry.
   *
   * @param index the entry's place in the batch from 0, for messages
   */
  Outcome next(int index) throws PayloadBrokenException {
    ObjectNode header;
    long size;
    try {
      header = HeaderLine.read(payload);
      size = Fields.requiredLong(header, "size", 0, FilePutBatchTask.MAX_ENTRY_BYTES);
    } catch (BadHeaderException e) {
      return new Outcome(BatchAnswer.batchEnded(TaskStatus.INVALID, "file " + (index + 1) + " of the batch: "
          + e.getMessage() + "; the rest of the batch was not read"), 0, false);
    } catch (IOException e) {
      throw new PayloadBrokenException(e);
    }
    String name = FilePutBatchTask.nameOf(header);
    PutHeader put;
    try {
      put = PutHeader.parse(header);
      if (put.resumeQuery() || put.offset() != 0) {
        throw new BadHeaderException("a batched file is sent whole: no \"resume\" or \"offset\"");
      }
    } catch (BadHeaderException | InvalidNameException e) {
      return skipped(name, size, e);
    }
    IncomingFile file;
    try {
      file = inbox.receive(put.offer(senderId));
    } catch (IOException e) {
      return skipped(name, size, e);
    }
    return receive(name, put, file);
  }

  /** Writes the entry's bytes into {@code file} and commits it; on any failure the partial file goes. */
  private Outcome receive(String name, PutHeader put, IncomingFile file) throws PayloadBrokenException {
    long size = put.sizeBytes();
    long moved = 0;
    IOException refusal = null;
    try {
      file.startAt(0);
    } catch (IOException e) {
      refusal = e;
    }
    long left = size;
    while (left > 0) {
      int n = read((int) Math.min(left, buffer.length));
      if (n < 0) {
        discard(file, null);
        return new Outcome(BatchAnswer.refused(name, TaskStatus.INVALID, "the batch ended after " + (size - left)
            + " of this file's " + size + " bytes"), moved, false);
      }
      left -= n;
      if (refusal == null) {
        try {
          file.write(ByteBuffer.wrap(buffer, 0, n));
          moved += n;
        } catch (IOException e) {
          refusal = e;
        }
      }
    }
    if (refusal == null) {
      try {
        ReceivedFile received = file.commit(put.sha256().orElseThrow());
        return new Outcome(BatchAnswer.received(received), moved, true);
      } catch (IOException e) {
        refusal = e;
      }
    }
    discard(file, refusal);
    return new Outcome(refused(name, refusal), moved, true);
  }

  /** Drops the entry's {@code size} bytes and answers with {@code refusal}. */
  private Outcome skipped(String name, long size, IOException refusal) throws PayloadBrokenException {
    long left = size;
    while (left > 0) {
      int n = read((int) Math.min(left, buffer.length));
      if (n < 0) {
        return new Outcome(BatchAnswer.refused(name, FileStatuses.statusOf(refusal), FileStatuses.messageOf(refusal)
            + "; the batch ended inside this file's bytes"), 0, false);
      }
      left -= n;
    }
    return new Outcome(refused(name, refusal), 0, true);
  }

  private int read(int length) throws PayloadBrokenException {
    try {
      return payload.read(buffer, 0, length);
    } catch (IOException e) {
      throw new PayloadBrokenException(e);
    }
  }

  private static BatchAnswer refused(String name, IOException refusal) {
    return BatchAnswer.refused(name, FileStatuses.statusOf(refusal), FileStatuses.messageOf(refusal));
  }

  /** Deletes the partial file; a failure to do so is added to {@code refusal} (or thrown away with a log). */
  private static void discard(IncomingFile file, IOException refusal) {
    try {
      file.discard();
    } catch (IOException | RuntimeException e) {
      if (refusal != null) {
        refusal.addSuppressed(e);
      }
      log.warn("Could not delete the partial file of {} after a failed batch entry ({}); it stays in"
          + " the inbox as a hidden .part file", file.offer().name().printable(), e.getMessage());
    }
  }
}
