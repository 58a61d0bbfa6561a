package dev.echomesh.tools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A handful of measurements of one thing (e.g. discovery times over several trials), in the
 * order they were taken.
 *
 * @param values the measurements; at least one
 */
record Samples(List<Double> values) {

  Samples {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("samples need at least one value");
    }
  }

  static Samples of(double... values) {
    List<Double> list = new ArrayList<>();
    for (double value : values) {
      list.add(value);
    }
    return new Samples(list);
  }

  /** The median (the mean of the two middle values when their count is even). */
  double p50() {
    List<Double> sorted = sorted();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The 99th percentile, nearest rank: with fewer than 100 values, the largest. */
  double p99() {
    List<Double> sorted = sorted();
    return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
  }

  double min() {
    return sorted().get(0);
  }

  double max() {
    List<Double> sorted = sorted();
    return sorted.get(sorted.size() - 1);
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }
}
