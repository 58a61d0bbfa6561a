package dev.echomesh.it.mesh;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.PeerWatch;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records every state one agent reports for one peer, in order, through the watch stream of its
 * control socket (the stream {@code echomesh peers --watch} reads), so a test sees short-lived
 * states such as SUSPECT that polling could miss, and when (on {@link System#nanoTime()}) each
 * change arrived.
 */
final class PeerStateRecorder implements AutoCloseable {

  private final NodeId watched;
  private final PeerWatch watch;
  private final Thread reader;
  private final List<Change> changes = new ArrayList<>();

  /**
   * One state change as the test saw it arrive.
   *
   * @param state the new state
   * @param arrivedNanos {@link System#nanoTime()} when the watch stream delivered it
   */
  record Change(PeerState state, long arrivedNanos) {}

  private PeerStateRecorder(NodeId watched, PeerWatch watch) {
    this.watched = watched;
    this.watch = watch;
    this.reader = new Thread(this::read, "peer-state-recorder");
    this.reader.setDaemon(true);
  }

  /** Starts recording what {@code observer} says about {@code watched}. */
  static PeerStateRecorder start(LanAgent observer, LanAgent watched) throws IOException {
    PeerStateRecorder recorder =
        new PeerStateRecorder(watched.nodeId(), ControlClient.connect(observer.dataDir()).watchPeers());
    recorder.reader.start();
    return recorder;
  }

  /** The states recorded so far, consecutive repeats folded. */
  synchronized List<PeerState> states() {
    return changes.stream().map(Change::state).toList();
  }

  /** The changes recorded so far, consecutive repeats folded. */
  synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  /** When {@code state} first arrived at or after {@code sinceNanos} (on {@link System#nanoTime()}). */
  synchronized Optional<Long> firstArrival(PeerState state, long sinceNanos) {
    return changes.stream()
        .filter(c -> c.state() == state && c.arrivedNanos() - sinceNanos >= 0)
        .map(Change::arrivedNanos)
        .findFirst();
  }

  /** The changes so far as {@code STATE@MILLIS ...}, in milliseconds from {@code originNanos}. */
  synchronized String describe(long originNanos) {
    StringBuilder text = new StringBuilder();
    for (Change change : changes) {
      text.append(text.isEmpty() ? "" : " ").append(change.state()).append('@')
          .append(TimeUnit.NANOSECONDS.toMillis(change.arrivedNanos() - originNanos));
    }
    return text.toString();
  }

  private void read() {
    try {
      for (PeerWatch.Update update = watch.next(); update != null; update = watch.next()) {
        for (Peer peer : update.peers()) {
          if (peer.id().equals(watched)) {
            add(peer.state());
          }
        }
      }
    } catch (IOException e) {
      // The stream ended: the test closed it, or the agent stopped.
    }
  }

  private synchronized void add(PeerState state) {
    if (changes.isEmpty() || changes.get(changes.size() - 1).state() != state) {
      changes.add(new Change(state, System.nanoTime()));
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
