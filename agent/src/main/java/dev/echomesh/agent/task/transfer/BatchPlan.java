package dev.echomesh.agent.task.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * How a sender splits a run of small files into {@code file.put-batch} calls: consecutive files,
 * at most {@link BatchSender#MAX_BATCH_FILES} and {@link BatchSender#MAX_BATCH_BYTES} per batch,
 * and, when there are enough files, about two batches per call in flight, so that every call slot
 * stays busy while the receiver works through the batches unevenly. A pure function.
 */
public final class BatchPlan {

  /** Batches wanted per call in flight, when the files allow. */
  static final int BATCHES_PER_SLOT = 2;

  private BatchPlan() {}

  /**
   * Splits files of {@code sizes} (in bytes, each below {@link BatchSender#SMALL_FILE_BYTES}) into
   * batches.
   *
   * @param inFlight calls in flight at once, at least 1
   * @return each batch's first index and end (exclusive), in order, covering every file once
   */
  public static List<Range> split(List<Long> sizes, int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
    }
    int wanted = inFlight * BATCHES_PER_SLOT;
    int filesPerBatch = (int) Math.min(BatchSender.MAX_BATCH_FILES, Math.max(1, ceilDiv(sizes.size(), wanted)));
    List<Range> batches = new ArrayList<>();
    int start = 0;
    long bytes = 0;
    for (int i = 0; i < sizes.size(); i++) {
      long size = sizes.get(i);
      boolean full = i - start == filesPerBatch || (i > start && bytes + size > BatchSender.MAX_BATCH_BYTES);
      if (full) {
        batches.add(new Range(start, i));
        start = i;
        bytes = 0;
      }
      bytes += size;
    }
    if (start < sizes.size()) {
      batches.add(new Range(start, sizes.size()));
    }
    return batches;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Files {@code start} (inclusive) to {@code end} (exclusive) of the run. */
  public record Range(int start, int end) {
    public Range {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("a batch needs 0 <= start < end, got [" + start + ", " + end + ")");
      }
    }

    public int size() {
      return end - start;
    }
  }
}
