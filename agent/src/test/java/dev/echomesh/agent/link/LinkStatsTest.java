package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.testing.FakeTicker;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkStatsTest {

  private final FakeTicker ticker = new FakeTicker();
  private final LinkStats stats = new LinkStats(ticker);
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @Test
  void refused_floodOfOneKind_countedExactlyAndLoggedOncePerMinute() {
    for (int i = 0; i < 3247; i++) {
      stats.refused(channel, Refusal.NOT_TLS, "not TLS");
      ticker.advance(Duration.ofMillis(6)); // a 20 s flood
    }
    assertEquals(3247, stats.refusals(Refusal.NOT_TLS));
    assertEquals(1, stats.refusalLogLines());
    ticker.advance(LinkStats.REFUSAL_LOG_INTERVAL);
    stats.refused(channel, Refusal.NOT_TLS, "not TLS");
    assertEquals(2, stats.refusalLogLines());
  }

  @Test
  void refused_eachKindHasItsOwnLine() {
    stats.refused(channel, Refusal.NOT_TLS, "not TLS");
    stats.refused(channel, Refusal.HANDSHAKE_TIMEOUT, "no handshake");
    stats.refused(channel, Refusal.NOT_TLS, "not TLS");
    assertEquals(2, stats.refusalLogLines());
    assertEquals(2, stats.refusals(Refusal.NOT_TLS));
    assertEquals(1, stats.refusals().get(Refusal.HANDSHAKE_TIMEOUT));
  }

  @Test
  void refused_pendingBoundsAndProbes_areNotHandshakeRefusals() {
    stats.refused(channel, Refusal.PENDING_LIMIT, "full");
    stats.refused(channel, Refusal.ABANDONED, "closed");
    stats.refused(channel, Refusal.NOT_A_MEMBER, "unknown CA");
    assertEquals(1, stats.handshakesRefused());
    assertEquals(1, stats.abandonedConnections());
    assertEquals(2, stats.refusalLogLines()); // port probes are logged at debug only
  }
}
