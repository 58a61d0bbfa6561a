package dev.echomesh.agent.control;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskResult;
import java.time.Clock;

/** Publishes a {@code call} event on {@code /v1/events} and counts it when a call ends. */
final class CallEvents {

  private final EventHub hub;
  private final Clock clock;
  private final CallMetrics metrics;

  CallEvents(EventHub hub, Clock clock, CallMetrics metrics) {
    this.hub = hub;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Times one call from now. */
  Timer start(String kind, Peer peer, String task) {
    return start(kind, peer.id().toString(), peer.name(), task);
  }

  /**
   * @param kind {@code api} for a call made through this API, {@code served} for one answered by
   *     an external program
   * @param peer the node called (api) or calling (served)
   */
  Timer start(String kind, String peer, String peerName, String task) {
    return new Timer(kind, peer, peerName, task, System.nanoTime());
  }

  /** One call being timed. */
  final class Timer {
    private final String kind;
    private final String peer;
    private final String peerName;
    private final String task;
    private final long startNanos;

    private Timer(String kind, String peer, String peerName, String task, long startNanos) {
      this.kind = kind;
      this.peer = peer;
      this.peerName = peerName;
      this.task = task;
      this.startNanos = startNanos;
    }

    void ended(TaskResult result) {
      endedOn(peer, peerName, result);
    }

    /** As {@link #ended}, for a call whose peer was chosen after it started (call-any). */
    void endedOn(String peer, String peerName, TaskResult result) {
      long nanos = System.nanoTime() - startNanos;
      metrics.ended(kind, task, result.status(), nanos);
      hub.callEnded(
          ApiJson.object()
              .put("kind", kind)
              .put("peer", peer)
              .put("peerName", peerName)
              .put("task", task)
              .put("status", result.status().name())
              .put("message", ApiJson.oneLine(result.message()))
              .put("micros", nanos / 1000)
              .put("at", clock.instant().toString()));
    }
  }
}
