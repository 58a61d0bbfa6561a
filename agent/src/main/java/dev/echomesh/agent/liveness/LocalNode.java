package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What this node says about itself in every ping and pong.
 *
 * @param id this node's ID
 * @param name this node's name, at most 255 UTF-8 bytes
 * @param linkPort TCP port of this node's link listener, 0 to 65535 (0 = none)
 * @param incarnation this run of the node, at least 1; must be larger than that of every earlier
 *     run, or peers drop this run's datagrams as stale (see {@link #nextIncarnation})
 * @param report read for each ping: this node's load and tags now (must be quick; called on the
 *     liveness send thread)
 */
public record LocalNode(NodeId id, String name, int linkPort, long incarnation, Supplier<NodeReport> report) {

  /** A node that reports no load and no tags. */
  public LocalNode(NodeId id, String name, int linkPort, long incarnation) {
    this(id, name, linkPort, incarnation, () -> NodeReport.NONE);
  }

  public LocalNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(report, "report");
    if (name.getBytes(StandardCharsets.UTF_8).length > DatagramCodec.MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "name must be at most "
              + DatagramCodec.MAX_NAME_BYTES
              + " UTF-8 bytes, got "
              + name.length()
              + " characters");
    }
    if (linkPort < 0 || linkPort > DatagramCodec.MAX_PORT) {
      throw new IllegalArgumentException("linkPort must be 0 to 65535, got " + linkPort);
    }
    if (incarnation < 1) {
      throw new IllegalArgumentException("incarnation must be at least 1, got " + incarnation);
    }
  }

  /**
   * The incarnation for a new run: the wall clock in Unix milliseconds, or {@code previous + 1}
   * when the clock is not past the previous run's incarnation (it was set back, e.g. by NTP or a
   * Raspberry Pi without a real-time clock). Pass 0 as {@code previous} when unknown; keeping the
   * last incarnation in the data directory makes restarts safe against clocks that go back.
   */
  public static long nextIncarnation(Clock clock, long previous) {
    return Math.max(clock.millis(), previous + 1);
  }
}
