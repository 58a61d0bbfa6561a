package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.testing.TestPeers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventHubTest {

  private final EventHub hub = new EventHub();
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final Peer alice = TestPeers.peer("alice").address("198.18.0.2").build();

  @AfterEach
  void close() {
    hub.closeAll();
    channel.finishAndReleaseAll();
  }

  @Test
  void peerRemoved_subscribed_peerRemovedEventAndThrottleForgetsThePeer() {
    hub.subscribe(new SseStream(channel, Duration.ofMinutes(1), () -> {}), List::of);
    hub.peerChanged(null, alice);
    assertEquals(1, hub.throttledPeers());

    hub.peerRemoved(alice);

    assertEquals(0, hub.throttledPeers());
    String written = written();
    assertTrue(written.contains("event: peer_removed"), written);
    assertTrue(written.contains(alice.id().toString()), written);
  }

  private String written() {
    StringBuilder text = new StringBuilder();
    Object message;
    while ((message = channel.readOutbound()) != null) {
      ByteBuf content = message instanceof HttpContent http ? http.content() : (ByteBuf) message;
      text.append(content.toString(StandardCharsets.UTF_8));
      content.release();
    }
    return text.toString();
  }
}
