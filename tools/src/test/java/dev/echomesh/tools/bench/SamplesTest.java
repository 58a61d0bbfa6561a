package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SamplesTest {

  @ParameterizedTest
  @CsvSource({
    "'5', 5",
    "'3 1 2', 2",
    "'4 1 3 2', 2.5",
    "'10 10 900', 10",
  })
  void p50_values_isTheMedian(String values, double median) {
    double[] parsed = java.util.Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray();
    assertEquals(median, Samples.of(parsed).p50(), 1e-9);
  }

  @Test
  void p99_fewerThanAHundredValues_isTheLargest() {
    assertEquals(900.0, Samples.of(10, 900, 20).p99());
  }

  @Test
  void p99_twoHundredValues_isTheNearestRank() {
    double[] values = java.util.stream.IntStream.rangeClosed(1, 200).mapToDouble(i -> i).toArray();
    assertEquals(198.0, Samples.of(values).p99());
  }

  @Test
  void minAndMax_unorderedValues_areTheExtremes() {
    Samples samples = new Samples(List.of(7.0, 2.0, 9.0));
    assertEquals(2.0, samples.min());
    assertEquals(9.0, samples.max());
  }

  @Test
  void constructor_noValues_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Samples(List.of()));
  }
}
