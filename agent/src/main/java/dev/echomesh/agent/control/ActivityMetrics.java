package dev.echomesh.agent.control;

import dev.echomesh.agent.ActivityListener;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.transfer.TransferListener.Direction;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * What the agent tells as it happens ({@link ActivityListener}), counted as it comes: the UDP ping
 * round trips (a histogram), the calls this node handled for peers (kind {@code incoming} of
 * {@link CallMetrics}), and the file transfers it served. Labels are bounded: directions and
 * statuses are enums, tasks go through {@link CallMetrics}' bound.
 */
final class ActivityMetrics implements ActivityListener {

  /** Round-trip buckets, seconds: 100 µs (same switch) to 1 s (far past any LAN). */
  private static final double[] RTT_BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
  };

  private final CallMetrics calls;
  private final Histogram roundTrips;
  private final Counter transfers;
  private final Counter transferredBytes;

  ActivityMetrics(PrometheusRegistry registry, CallMetrics calls) {
    this.calls = calls;
    this.roundTrips =
        Histogram.builder()
            .name("echomesh_ping_rtt_seconds")
            .help("UDP ping round trips to peers, ping sent to pong received.")
            .classicOnly()
            .classicUpperBounds(RTT_BUCKETS)
            .register(registry);
    this.transfers =
        Counter.builder()
            .name("echomesh_file_transfers_total")
            .help("File transfers this node served that ended, by direction (received: file.put or"
                + " one file of a file.put-batch, sent: file.get) and status.")
            .labelNames("direction", "status")
            .register(registry);
    this.transferredBytes =
        Counter.builder()
            .name("echomesh_file_transferred_bytes_total")
            .help("File bytes moved by the transfers this node served, by direction.")
            .labelNames("direction")
            .register(registry);
    for (Direction direction : Direction.values()) {
      transferredBytes.labelValues(label(direction)); // both directions listed from the start
    }
  }

  @Override
  public void roundTrip(NodeId peer, long rttNanos) {
    roundTrips.observe(rttNanos / 1e9);
  }

  @Override
  public void callHandled(String task, TaskStatus status, long elapsedNanos) {
    calls.ended(CallMetrics.INCOMING, task, status, elapsedNanos);
  }

  @Override
  public void fileTransferred(Direction direction, TaskStatus status, long bytes) {
    transfers.labelValues(label(direction), status.name()).inc();
    transferredBytes.labelValues(label(direction)).inc(bytes);
  }

  private static String label(Direction direction) {
    return direction.name().toLowerCase(Locale.ROOT);
  }
}
