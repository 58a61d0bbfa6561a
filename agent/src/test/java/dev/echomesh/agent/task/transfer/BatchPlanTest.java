package dev.echomesh.agent.task.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.task.transfer.BatchPlan.Range;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPlanTest {

  private static List<Long> sizes(int files, long bytes) {
    return Collections.nCopies(files, bytes);
  }

  @ParameterizedTest(name = "{0} files of {1} B, {2} in flight: {3} batches, the first of {4}")
  @CsvSource({
      "0, 10240, 8, 0, 0",
      "1, 10240, 8, 1, 1",
      "10, 10240, 8, 10, 1",
      "2000, 10240, 8, 16, 125",
      "2000, 10240, 1, 5, 409",       // 2 batches wanted, but 4 MiB holds 409 files of 10 KiB
      "10000, 10240, 8, 25, 409",
      "100000, 0, 8, 98, 1024",       // empty files: the file cap
      "9, 1048575, 1, 3, 4",          // just below 1 MiB: 4 fit in 4 MiB
  })
  void split_table(int files, long bytes, int inFlight, int batches, int firstSize) {
    List<Range> ranges = BatchPlan.split(sizes(files, bytes), inFlight);

    assertEquals(batches, ranges.size());
    if (batches > 0) {
      assertEquals(firstSize, ranges.get(0).size());
    }
  }

  @Test
  void split_anySizes_coversEveryFileOnceInOrderWithinTheCaps() {
    List<Long> sizes = List.of(5L, 1048575L, 1048575L, 1048575L, 1048575L, 7L, 0L, 3L, 900_000L);
    List<Range> ranges = BatchPlan.split(sizes, 1);

    int next = 0;
    for (Range range : ranges) {
      assertEquals(next, range.start());
      long bytes = sizes.subList(range.start(), range.end()).stream().mapToLong(Long::longValue).sum();
      assertEquals(true, range.size() == 1 || bytes <= BatchSender.MAX_BATCH_BYTES, range + " holds " + bytes);
      next = range.end();
    }
    assertEquals(sizes.size(), next);
  }

  @Test
  void split_noneInFlight_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> BatchPlan.split(List.of(1L), 0));
  }
}
