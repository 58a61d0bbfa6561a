package dev.echomesh.agent;

import dev.echomesh.agent.liveness.NodeReport;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * This node's report for its pings: the task calls it has in flight (running or queued), its CPU
 * load (the 1-minute load average per CPU, in thousandths; unknown where the OS has none, e.g.
 * Windows) and its configured tags. Read on the liveness send thread once per ping round.
 */
final class SelfReport implements Supplier<NodeReport> {

  private final IntSupplier callsInFlight;
  private final Map<String, String> tags;
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

  SelfReport(IntSupplier callsInFlight, Map<String, String> tags) {
    this.callsInFlight = callsInFlight;
    this.tags = Map.copyOf(tags);
  }

  @Override
  public NodeReport get() {
    return new NodeReport(callsInFlight.getAsInt(), cpuLoadPermille(os.getSystemLoadAverage(),
        os.getAvailableProcessors()), tags);
  }

  /** The load average per CPU in thousandths; {@link NodeReport#UNKNOWN} when the OS gives none. */
  static long cpuLoadPermille(double loadAverage, int cpus) {
    if (loadAverage < 0 || cpus < 1) {
      return NodeReport.UNKNOWN;
    }
    return Math.round(loadAverage * 1000 / cpus);
  }
}
