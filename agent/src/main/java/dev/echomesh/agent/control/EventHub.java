package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The source of {@code /v1/events}: peer changes and ended calls, each numbered from one sequence
 * shared by every subscriber, so a client that misses events (it read too slowly) sees a gap in the
 * IDs. Publishing never blocks: a subscriber that cannot take an event loses it.
 */
final class EventHub implements PeerListener {

  /** The first event of every stream: every known peer. */
  static final String PEERS = "peers";
  /** One peer that changed, in its new state. */
  static final String PEER = "peer";
  /** A call that ended (made through this API, or served by an external program). */
  static final String CALL = "call";

  private final Set<SseStream> subscribers = new CopyOnWriteArraySet<>();
  private final AtomicLong sequence = new AtomicLong();

  /** Adds a stream; it gets the snapshot of {@code peers} first. */
  void subscribe(SseStream stream, Supplier<List<Peer>> peers) {
    subscribers.add(stream);
    stream.send(sequence.incrementAndGet(), PEERS, ApiJson.line(ApiJson.peers(peers.get())));
  }

  void unsubscribe(SseStream stream) {
    subscribers.remove(stream);
  }

  @Override
  public void peerChanged(Peer before, Peer after) {
    publish(PEER, ApiJson.peer(after));
  }

  /** Publishes a {@code call} event. */
  void callEnded(ObjectNode call) {
    publish(CALL, call);
  }

  /** Ends every stream (shutdown). */
  void closeAll() {
    subscribers.forEach(SseStream::close);
    subscribers.clear();
  }

  private void publish(String event, ObjectNode data) {
    if (subscribers.isEmpty()) {
      return;
    }
    long id = sequence.incrementAndGet();
    String line = ApiJson.line(data);
    for (SseStream stream : subscribers) {
      stream.send(id, event, line);
    }
  }
}
