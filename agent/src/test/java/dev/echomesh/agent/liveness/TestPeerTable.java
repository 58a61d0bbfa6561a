package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.time.Ticker;
import java.util.HashMap;
import java.util.Map;

/**
 * The smallest peer table a {@link LivenessListener} can feed: state, incarnation and last heard
 * per node, judged by a {@link FailureDetector} whenever a state is asked for, on the system
 * ticker (the one the services in these tests run on). Shows how the real peer table wires
 * liveness; thread-safe.
 */
final class TestPeerTable implements LivenessListener {

  private final FailureDetector detector;
  private final Map<NodeId, Entry> entries = new HashMap<>();

  TestPeerTable(FailureDetector detector) {
    this.detector = detector;
  }

  private static final class Entry {
    PeerState state;
    long incarnation;
    long lastHeardNanos;
    String mac;
    String localInterface;
  }

  @Override
  public synchronized void heardFrom(HeardFrom event) {
    Entry entry = entries.computeIfAbsent(event.id(), id -> new Entry());
    PeerState next = detector.onHeard(entry.state, entry.incarnation, event.incarnation());
    if (next == PeerState.ALIVE) {
      entry.incarnation = Math.max(entry.incarnation, event.incarnation());
      entry.lastHeardNanos = event.atNanos();
      entry.mac = event.mac();
      entry.localInterface = event.localInterface();
    }
    entry.state = next;
  }

  @Override
  public void roundTrip(RoundTrip event) {}

  @Override
  public synchronized void left(Left event) {
    Entry entry = entries.computeIfAbsent(event.id(), id -> new Entry());
    entry.state = detector.onLeft(entry.state, entry.incarnation, event.incarnation());
    entry.incarnation = Math.max(entry.incarnation, event.incarnation());
  }

  /** The state of {@code id} now (the tick and the question in one); null when never heard. */
  synchronized PeerState state(NodeId id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      return null;
    }
    entry.state = detector.onSilence(entry.state, entry.lastHeardNanos, Ticker.system().read());
    return entry.state;
  }

  synchronized String mac(NodeId id) {
    return entries.get(id).mac;
  }

  synchronized String localInterface(NodeId id) {
    return entries.get(id).localInterface;
  }

  synchronized long incarnation(NodeId id) {
    return entries.get(id).incarnation;
  }
}
