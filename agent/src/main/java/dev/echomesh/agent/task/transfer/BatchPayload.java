package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.io.BulkInputStream;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The request payload of one {@code file.put-batch} call, made as it is read: each file is opened,
 * read whole (it is smaller than {@link FilePutBatchTask#MAX_ENTRY_BYTES}) and hashed only when the
 * call reaches it, so a batch holds one file in memory at a time. The bytes sent are exactly the
 * bytes hashed, even when the file changes meanwhile. A file that cannot be read is left out with
 * its own outcome; one that grew too large for a batch is left out to be sent alone. Read by the
 * call's thread; its outcomes are read afterwards by the sender's (synchronised).
 */
final class BatchPayload extends BulkInputStream {

  /** What became of one item while the payload was made. */
  enum Fate {
    /** Not reached yet (the call ended first). */
    PENDING,
    /** In the batch: its answer comes from the receiver. */
    SENT,
    /** Could not be read here; {@link #localFailure} says why. */
    UNREADABLE,
    /** Too large for a batch by now: to be sent alone. */
    TOO_LARGE
  }

  private final List<? extends BatchItem> items;
  private final boolean overwrite;
  private final Fate[] fates;
  private final Optional<Sha256>[] hashes;
  private final long[] sizes;
  private final String[] failures;
  private final TaskStatus[] failureStatuses;
  private final List<Integer> sent = new ArrayList<>();
  private int next;
  private byte[] current = new byte[0];
  private int position;

  @SuppressWarnings("unchecked")
  BatchPayload(List<? extends BatchItem> items, boolean overwrite) {
    this.items = items;
    this.overwrite = overwrite;
    this.fates = new Fate[items.size()];
    Arrays.fill(fates, Fate.PENDING);
    this.hashes = new Optional[items.size()];
    Arrays.fill(hashes, Optional.empty());
    this.sizes = new long[items.size()];
    this.failures = new String[items.size()];
    this.failureStatuses = new TaskStatus[items.size()];
  }

  @Override
  protected synchronized int readSome(byte[] buffer, int offset, int length) throws IOException {
    while (position == current.length) {
      if (next == items.size()) {
        return -1;
      }
      load(next++);
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Makes item {@code index}'s entry (header line and bytes) the current one, or records why not. */
  private void load(int index) {
    BatchItem item = items.get(index);
    byte[] content;
    int mode;
    try (FileSource source = item.open()) {
      long size = source.entry().sizeBytes();
      if (size > FilePutBatchTask.MAX_ENTRY_BYTES) {
        fates[index] = Fate.TOO_LARGE;
        return;
      }
      content = readWhole(source, (int) size);
      mode = source.entry().mode();
    } catch (IOException e) {
      fates[index] = Fate.UNREADABLE;
      failures[index] = FileStatuses.messageOf(e);
      failureStatuses[index] = FileStatuses.statusOf(e);
      return;
    }
    Sha256 sha256 = Sha256.digest(content);
    PutHeader header = new PutHeader(item.target(), content.length, mode, Optional.of(sha256), overwrite, false, 0);
    byte[] line = HeaderLine.bytes(header.toJson());
    current = new byte[line.length + content.length];
    System.arraycopy(line, 0, current, 0, line.length);
    System.arraycopy(content, 0, current, line.length, content.length);
    position = 0;
    fates[index] = Fate.SENT;
    hashes[index] = Optional.of(sha256);
    sizes[index] = content.length;
    sent.add(index);
  }

  /** The file's bytes up to {@code size}; fewer when it shrank since it was opened. */
  private static byte[] readWhole(FileSource source, int size) throws IOException {
    byte[] content = new byte[size];
    ByteBuffer into = ByteBuffer.wrap(content);
    while (into.hasRemaining() && source.read(into) >= 0) {
      // read until full or the end
    }
    return into.hasRemaining() ? Arrays.copyOf(content, into.position()) : content;
  }

  synchronized Fate fate(int index) {
    return fates[index];
  }

  /** The SHA-256 of what was sent of item {@code index}. */
  synchronized Optional<Sha256> sha256(int index) {
    return hashes[index];
  }

  /** The bytes sent of item {@code index}. */
  synchronized long sizeBytes(int index) {
    return sizes[index];
  }

  /** Why item {@code index} could not be read (for {@link Fate#UNREADABLE}). */
  synchronized String localFailure(int index) {
    return failures[index];
  }

  /** The status of item {@code index}'s {@link #localFailure}: NOT_FOUND when it is gone, else FAILED. */
  synchronized TaskStatus localFailureStatus(int index) {
    return failureStatuses[index];
  }

  /** The items in the batch, in the order of its entries (and of the receiver's answers). */
  synchronized List<Integer> sent() {
    return List.copyOf(sent);
  }
}
