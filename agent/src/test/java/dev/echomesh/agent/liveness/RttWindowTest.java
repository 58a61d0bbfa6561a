package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.peers.RttStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RttWindowTest {

  static Stream<Arguments> tables() {
    return Stream.of(
        // window, samples in nanoseconds, expected last/mean/median/p99 in microseconds and count
        Arguments.of(10, new long[] {100_000}, new RttStats(100, 100, 100, 100, 1)),
        Arguments.of(10, new long[] {100_000, 300_000}, new RttStats(300, 200, 200, 300, 2)),
        Arguments.of(10, new long[] {1_499, 1_500, 2_500}, new RttStats(3, 2, 2, 3, 3)),
        Arguments.of(3, new long[] {9_000_000, 1_000, 2_000, 3_000}, new RttStats(3, 2, 2, 3, 3)),
        Arguments.of(4, new long[] {-50_000, 10_000}, new RttStats(10, 5, 5, 10, 2)),
        // 100 samples 1..100 us: nearest-rank p99 is the 99th smallest
        Arguments.of(
            100,
            LongStream.rangeClosed(1, 100).map(us -> us * 1_000).toArray(),
            new RttStats(100, 51, 51, 99, 100)),
        // 200 samples in a window of 100: only the last 100 (101..200 us) count
        Arguments.of(
            100,
            LongStream.rangeClosed(1, 200).map(us -> us * 1_000).toArray(),
            new RttStats(200, 151, 151, 199, 100)),
        // one outlier among 50: with fewer than 100 samples p99 is the largest; the median ignores it
        Arguments.of(
            100,
            LongStream.concat(
                    LongStream.generate(() -> 200_000).limit(49), LongStream.of(5_000_000))
                .toArray(),
            new RttStats(5_000, 296, 200, 5_000, 50)));
  }

  @ParameterizedTest
  @MethodSource("tables")
  void stats_table(int window, long[] samples, RttStats expected) {
    RttWindow rtt = new RttWindow(window);
    for (long sample : samples) {
      rtt.add(sample);
    }

    assertEquals(expected, rtt.stats());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 100})
  void stats_randomSamplesWithRepeats_matchSortingTheLastWindow(int window) {
    Random random = new Random(window);
    RttWindow rtt = new RttWindow(window);
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long sample = 1_000L * random.nextInt(50);
      all.add(sample);
      rtt.add(sample);

      long[] last =
          all.subList(Math.max(0, all.size() - window), all.size()).stream()
              .mapToLong(Long::longValue)
              .sorted()
              .toArray();
      long mean = Math.round(Arrays.stream(last).average().orElseThrow());
      long p99 = last[(int) Math.ceil(0.99 * last.length) - 1];
      int n = last.length;
      long median = n % 2 == 1 ? last[n / 2] : (last[n / 2 - 1] + last[n / 2]) / 2;
      assertEquals(
          new RttStats(sample / 1_000, (mean + 500) / 1_000, (median + 500) / 1_000, p99 / 1_000, n),
          rtt.stats(),
          "after sample " + i);
    }
  }

  @Test
  void stats_noSamples_none() {
    RttStats stats = new RttWindow(10).stats();

    assertEquals(RttStats.NONE, stats);
    assertFalse(stats.measured());
  }

  @Test
  void constructor_sizeZero_throws() {
    assertThrows(IllegalArgumentException.class, () -> new RttWindow(0));
  }
}
