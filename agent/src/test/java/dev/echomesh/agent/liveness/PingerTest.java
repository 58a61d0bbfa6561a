package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.echomesh.agent.liveness.Envelope.LeaveMessage;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PingerTest {

  private final LocalNode self = node(1, 100);
  private final LocalInterface eth0 =
      new LocalInterface("eth0", "02:00:00:00:00:01", address("198.18.0.1"), 16);
  private final InetSocketAddress staticPeer = new InetSocketAddress(address("203.0.113.5"), 47200);
  private final PingTarget broadcast = PingTarget.subnetBroadcast(eth0, 47200);
  private final AtomicLong ticker = new AtomicLong(1_000);
  private final PendingPings pending = new PendingPings();
  private final CapturingTransport transport = new CapturingTransport();
  private final Counters counters = new Counters();
  private final DatagramCodec reader = new DatagramCodec(key(7));
  private final Pinger pinger =
      new Pinger(
          new EnvelopeFactory(self, Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC)),
          new DatagramCodec(key(7)),
          pending,
          new PingStatsTable(10, Duration.ofMillis(500).toNanos(), Duration.ofMillis(1200).toNanos()),
          new Targets(() -> List.of(broadcast), List.of(staticPeer)),
          transport,
          counters,
          () -> ticker.addAndGet(10),
          Duration.ofMinutes(1).toNanos());

  private Envelope sent(int index) {
    return reader.decode(ByteBuffer.wrap(transport.sent.get(index).bytes())).envelope();
  }

  @Test
  void pingRound_pingsEveryTargetWithItsOwnSeqAndInterfaceMac() {
    int sent = pinger.pingRound();

    assertEquals(2, sent);
    assertEquals(broadcast.address(), transport.sent.get(0).to());
    assertEquals(staticPeer, transport.sent.get(1).to());
    Envelope toBroadcast = sent(0);
    Envelope toPeer = sent(1);
    assertEquals(List.of(1L, 2L), List.of(toBroadcast.seq(), toPeer.seq()));
    PingMessage ping = assertInstanceOf(PingMessage.class, toBroadcast.message());
    assertEquals(new PingMessage(ping.sendNanos(), 7001, "node-1", "02:00:00:00:00:01"), ping);
    assertEquals(
        "", ((PingMessage) toPeer.message()).mac(), "the static peer's interface is unknown");
    assertEquals(self.incarnation(), toBroadcast.incarnation());
    assertEquals(NOW_MILLIS, toBroadcast.sentUnixMillis());
  }

  @Test
  void pingRound_remembersEachPingWithItsRoundBeforeSending() {
    pinger.pingRound();
    pinger.pingRound();

    Envelope secondRound = sent(3);
    PendingPings.Match match =
        pending.match(secondRound.seq(), ((PingMessage) secondRound.message()).sendNanos());
    assertNotNull(match);
    assertEquals(2, match.round());
    assertNull(pending.match(secondRound.seq(), 12345));
  }

  @Test
  void pingRound_oneTargetUnreachable_othersStillPingedAndFailureCounted() {
    transport.unreachable.add(broadcast.address());

    int sent = pinger.pingRound();

    assertEquals(1, sent);
    assertEquals(staticPeer, transport.sent.get(0).to());
    assertEquals(1, counters.snapshot().sendFailures());
  }

  @Test
  void leave_twoCopiesToEveryTargetEachWithItsOwnSeq() {
    pinger.leave("shutdown");

    assertEquals(4, transport.sent.size());
    assertEquals(
        List.of(broadcast.address(), staticPeer, broadcast.address(), staticPeer),
        transport.sent.stream().map(CapturingTransport.Sent::to).toList());
    for (int i = 0; i < 4; i++) {
      assertEquals(i + 1, sent(i).seq());
      assertEquals(new LeaveMessage("shutdown"), sent(i).message());
    }
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
