package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs the call benchmark: every contender, every payload size, latency with one call
 * outstanding and throughput at each in-flight level.
 *
 * <p>The machines this runs on are shared and noisy, so contenders are never measured one
 * after the other in long stretches: all are opened first, each is warmed up, then every
 * figure is measured in {@link BenchPlan#rounds()} short slices, the contenders taking turns
 * (in a rotating order) within each round. A burst of noise then spreads over all of them
 * instead of landing on one, and the ratios stay meaningful.
 */
final class CallSuite {

  private static final long PAYLOAD_SEED = 0x6563686f6d657368L;
  /** Longest time a throughput slice runs before it starts counting. */
  private static final Duration MAX_RAMP = Duration.ofMillis(200);

  private final BenchPlan plan;
  private final Consumer<String> progress;

  CallSuite(BenchPlan plan, Consumer<String> progress) {
    this.plan = plan;
    this.progress = progress;
  }

  /** Measures each contender; one that fails to open or to call gets null figures with reasons. */
  List<ContenderResult> run(List<TargetFactory> factories) {
    List<Slot> slots = new ArrayList<>();
    try {
      for (TargetFactory factory : factories) {
        slots.add(open(factory));
      }
      boolean first = true;
      for (int size : plan.payloadSizes()) {
        byte[] payload = payload(size);
        for (Slot slot : slots) {
          slot.warm(size, payload, first ? plan.jitWarmup() : plan.latency().warmup());
        }
        first = false;
        progress.accept("latency, " + size + " B, " + plan.rounds() + " rounds");
        for (int round = 0; round < plan.rounds(); round++) {
          for (Slot slot : rotated(slots, round)) {
            slot.latencySlice(size, payload);
          }
        }
        for (int inFlight : plan.inFlight()) {
          progress.accept("throughput, " + size + " B, " + inFlight + " in flight, " + plan.rounds() + " rounds");
          for (int round = 0; round < plan.rounds(); round++) {
            for (Slot slot : rotated(slots, round)) {
              slot.throughputSlice(size, payload, inFlight);
            }
          }
        }
      }
      List<ContenderResult> results = new ArrayList<>();
      for (Slot slot : slots) {
        results.add(slot.result());
      }
      return results;
    } finally {
      for (Slot slot : slots) {
        slot.close();
      }
    }
  }

  /** Deterministic, incompressible-looking bytes, the same for every contender. */
  static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    new Random(PAYLOAD_SEED + size).nextBytes(bytes);
    return bytes;
  }

  static <T> List<T> rotated(List<T> items, int by) {
    List<T> rotated = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      rotated.add(items.get((i + by) % items.size()));
    }
    return rotated;
  }

  private Slot open(TargetFactory factory) {
    progress.accept("opening " + factory.name());
    try {
      return new Slot(factory.name(), factory.open(), null);
    } catch (Exception | LinkageError e) {
      return new Slot(factory.name(), null, "could not start: " + e);
    }
  }

  private Duration slice(Budget budget) {
    return budget.measure().dividedBy(plan.rounds());
  }

  private long sliceCalls(Budget budget) {
    return Math.max(1, budget.maxCalls() / plan.rounds());
  }

  /** One contender during the run: its target (or why there is none) and its figures so far. */
  private final class Slot implements AutoCloseable {
    final String name;
    final EchoTarget target;
    final String openFailure;
    final Map<Integer, Histogram> histograms = new HashMap<>();
    final Map<Integer, String> latencyFailures = new HashMap<>();
    final Map<Integer, Map<Integer, ThroughputResult>> throughput = new LinkedHashMap<>();
    final Map<Integer, Map<Integer, String>> throughputFailures = new HashMap<>();

    Slot(String name, EchoTarget target, String openFailure) {
      this.name = name;
      this.target = target;
      this.openFailure = openFailure;
    }

    /** Warms the blocking path and, when pipelined, the pipelined one at the highest level. */
    void warm(int size, byte[] payload, Duration oneAtATime) {
      if (target == null) {
        return;
      }
      progress.accept(name + ": warm-up, " + size + " B");
      try {
        LatencyProbe.warm(target, payload, oneAtATime, plan.latency().maxCalls(), plan.callTimeout());
        if (target.pipelined()) {
          int most = plan.inFlight().stream().max(Integer::compare).orElseThrow();
          ThroughputProbe.measurePipelined(
              target, payload, most, Duration.ZERO, plan.throughput().warmup(), plan.throughput().maxCalls(),
              plan.drainTimeout());
        }
      } catch (BenchException e) {
        latencyFailures.put(size, "warm-up failed: " + e.getMessage());
      }
    }

    void latencySlice(int size, byte[] payload) {
      if (target == null || latencyFailures.containsKey(size)) {
        return;
      }
      try {
        LatencyProbe.record(
            target, payload, slice(plan.latency()), sliceCalls(plan.latency()), plan.callTimeout(),
            histograms.computeIfAbsent(size, s -> LatencyProbe.newHistogram()));
      } catch (BenchException e) {
        latencyFailures.put(size, e.getMessage());
      }
    }

    void throughputSlice(int size, byte[] payload, int inFlight) {
      if (target == null || (!target.pipelined() && inFlight != 1)) {
        return;
      }
      Map<Integer, String> failures = throughputFailures.computeIfAbsent(size, s -> new HashMap<>());
      if (failures.containsKey(inFlight) || latencyFailures.containsKey(size)) {
        return;
      }
      Duration measure = slice(plan.throughput());
      Duration ramp = measure.dividedBy(4).compareTo(MAX_RAMP) < 0 ? measure.dividedBy(4) : MAX_RAMP;
      long maxCalls = sliceCalls(plan.throughput());
      try {
        ThroughputResult result =
            target.pipelined()
                ? ThroughputProbe.measurePipelined(target, payload, inFlight, ramp, measure, maxCalls, plan.drainTimeout())
                : ThroughputProbe.measureBlocking(target, payload, ramp, measure, maxCalls, plan.callTimeout());
        throughput.computeIfAbsent(size, s -> new LinkedHashMap<>()).merge(inFlight, result, ThroughputResult::plus);
      } catch (BenchException e) {
        failures.put(inFlight, e.getMessage());
      }
    }

    ContenderResult result() {
      Map<Integer, Measured<LatencyResult>> latency = new LinkedHashMap<>();
      Map<Integer, Map<Integer, Measured<ThroughputResult>>> rates = new LinkedHashMap<>();
      for (int size : plan.payloadSizes()) {
        latency.put(size, latencyFigure(size));
        Map<Integer, Measured<ThroughputResult>> levels = new LinkedHashMap<>();
        for (int inFlight : plan.inFlight()) {
          if (target != null && !target.pipelined() && inFlight != 1) {
            continue;
          }
          levels.put(inFlight, throughputFigure(size, inFlight));
        }
        rates.put(size, levels);
      }
      String transport = target == null ? openFailure : target.transport();
      return new ContenderResult(name, transport, target != null && target.pipelined(), latency, rates);
    }

    private Measured<LatencyResult> latencyFigure(int size) {
      if (target == null) {
        return Measured.missing(name + " " + openFailure);
      }
      if (latencyFailures.containsKey(size)) {
        return Measured.missing(latencyFailures.get(size));
      }
      Histogram histogram = histograms.get(size);
      if (histogram == null || histogram.getTotalCount() == 0) {
        return Measured.missing(name + ": no call completed in the measured phase");
      }
      return Measured.of(LatencyResult.of(histogram));
    }

    private Measured<ThroughputResult> throughputFigure(int size, int inFlight) {
      if (target == null) {
        return Measured.missing(name + " " + openFailure);
      }
      String failure = throughputFailures.getOrDefault(size, Map.of()).get(inFlight);
      if (failure == null) {
        failure = latencyFailures.get(size);
      }
      if (failure != null) {
        return Measured.missing(failure);
      }
      ThroughputResult result = throughput.getOrDefault(size, Map.of()).get(inFlight);
      return result != null ? Measured.of(result) : Measured.missing(name + ": no throughput run completed");
    }

    @Override
    public void close() {
      if (target != null) {
        try {
          target.close();
        } catch (RuntimeException e) {
          progress.accept("closing " + name + " failed: " + e);
        }
      }
    }
  }
}
