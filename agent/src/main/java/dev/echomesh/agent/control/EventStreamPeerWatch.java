package dev.echomesh.agent.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** {@link PeerWatch} over {@code GET /v1/events}: the {@code peers}, {@code peer} and
 * {@code peer_removed} events. */
final class EventStreamPeerWatch implements PeerWatch {

  /** How long the stream may stay silent: several of the agent's keepalive intervals. */
  static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(60);

  private final HttpConnection connection;
  private final SseReader events;

  EventStreamPeerWatch(HttpConnection connection) {
    this.connection = connection;
    this.events = new SseReader(connection);
  }

  @Override
  public Update next() throws IOException {
    while (true) {
      SseReader.Event event = events.next(SILENCE_TIMEOUT);
      if (event == null) {
        return null;
      }
      try {
        switch (event.name()) {
          case EventHub.PEERS:
            return new Update(true, ApiJson.peersFrom(ApiJson.read(bytes(event))));
          case EventHub.PEER:
            return new Update(false, List.of(ApiJson.peerFrom(ApiJson.read(bytes(event)))));
          case EventHub.PEER_REMOVED:
            return new Update(
                false, List.of(), List.of(ApiJson.peerFrom(ApiJson.read(bytes(event)))));
          default:
            continue; // calls and future event kinds
        }
      } catch (IllegalArgumentException e) {
        throw ClientErrors.protocol(
            "the agent sent an invalid " + event.name() + " event: " + e.getMessage());
      }
    }
  }

  private static byte[] bytes(SseReader.Event event) {
    return event.data().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    connection.close();
  }
}
