package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

/**
 * The source of {@code /v1/events}: peer changes (measurement-only ones throttled, see {@link
 * PeerEventThrottle}), peer removals and ended calls. Publishing never blocks: a subscriber that cannot take an
 * event loses it and sees the gap in its stream's IDs ({@link SseStream}).
 */
final class EventHub implements PeerListener {

  /** The first event of every stream: every known peer. */
  static final String PEERS = "peers";
  /** One peer that changed, in its new state. */
  static final String PEER = "peer";
  /** A peer that left the table (expired or forgotten), as it was last. */
  static final String PEER_REMOVED = "peer_removed";
  /** A call that ended (made through this API, or served by an external program). */
  static final String CALL = "call";

  private final Set<SseStream> subscribers = new CopyOnWriteArraySet<>();
  private final PeerEventThrottle throttle = new PeerEventThrottle();

  /** Adds a stream; it gets the snapshot of {@code peers} first. */
  void subscribe(SseStream stream, Supplier<List<Peer>> peers) {
    subscribers.add(stream);
    stream.send(PEERS, ApiJson.line(ApiJson.peers(peers.get())));
  }

  void unsubscribe(SseStream stream) {
    subscribers.remove(stream);
  }

  @Override
  public void peerChanged(Peer before, Peer after) {
    if (!subscribers.isEmpty() && throttle.shouldSend(before, after, System.nanoTime())) {
      publish(PEER, ApiJson.peer(after));
    }
  }

  @Override
  public void peerRemoved(Peer last) {
    throttle.forget(last.id());
    publish(PEER_REMOVED, ApiJson.peer(last));
  }

  /** Publishes a {@code call} event. */
  void callEnded(ObjectNode call) {
    publish(CALL, call);
  }

  /** How many peers the measurement throttle keeps a time for (tests). */
  int throttledPeers() {
    return throttle.size();
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
    String line = ApiJson.line(data);
    for (SseStream stream : subscribers) {
      stream.send(event, line);
    }
  }
}
