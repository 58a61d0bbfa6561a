package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import dev.echomesh.agent.liveness.LivenessListener.HeardFrom;
import dev.echomesh.agent.liveness.LivenessListener.Kind;
import dev.echomesh.agent.liveness.LivenessListener.RoundTrip;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receive path, driven synchronously: one datagram in, its effects out. */
class ResponderTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);
  private static final long RECEIVED_NANOS = 9_000_000_000L;
  private static final String OUR_MAC = "02:00:00:00:00:01";
  private static final InetSocketAddress PEER_ADDRESS =
      new InetSocketAddress(address("198.18.0.2"), 47200);

  private final LocalNode self = node(1, 100);
  private final LocalNode peer = node(2, 200);
  private final LocalInterface eth0 =
      new LocalInterface("eth0", OUR_MAC, address("198.18.0.1"), 16);
  private final EnvelopeFactory ourEnvelopes = new EnvelopeFactory(self, CLOCK);
  private final EnvelopeFactory peerEnvelopes = new EnvelopeFactory(peer, CLOCK);
  private final DatagramCodec peerCodec = new DatagramCodec(key(7));
  private final PendingPings pending = new PendingPings();
  private final PingStatsTable stats = new PingStatsTable(100, Duration.ofMillis(500).toNanos(), Duration.ofMillis(1200).toNanos());
  private final CapturingTransport transport = new CapturingTransport();
  private final RecordingListener listener = new RecordingListener();
  private final Counters counters = new Counters();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Prober prober =
      new Prober(
          ourEnvelopes,
          new DatagramCodec(key(7)),
          new Targets(List::of, List.of()),
          transport,
          counters,
          () -> RECEIVED_NANOS - 400_000,
          timer);
  private final Responder responder = responder(listener);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private Responder responder(LivenessListener to) {
    Targets targets =
        new Targets(() -> List.of(PingTarget.subnetBroadcast(eth0, 47200)), List.of());
    targets.refresh();
    return new Responder(
        ourEnvelopes,
        new DatagramCodec(key(7)),
        new ReplayGuard(256, Duration.ofHours(24).toMillis(), 16),
        pending,
        prober,
        stats,
        targets,
        transport,
        to,
        counters,
        new ReceiveLog(Duration.ofMinutes(1).toNanos()),
        CLOCK);
  }

  private void receive(ByteBuffer datagram) {
    responder.onDatagram(datagram, PEER_ADDRESS, RECEIVED_NANOS);
  }

  private ByteBuffer peerPing() {
    return peerCodec.encode(peerEnvelopes.ping(123_456L, "02:00:00:00:00:02"));
  }

  @Test
  void onDatagram_validPing_answersWithPongToSender() {
    Envelope ping = peerEnvelopes.ping(123_456L, "02:00:00:00:00:02");

    receive(peerCodec.encode(ping));

    assertEquals(1, transport.sent.size());
    assertEquals(PEER_ADDRESS, transport.sent.get(0).to());
    Envelope pong = peerCodec.decode(ByteBuffer.wrap(transport.sent.get(0).bytes())).envelope();
    assertEquals(self.id(), pong.sender());
    assertEquals(self.incarnation(), pong.incarnation());
    PongMessage message = assertInstanceOf(PongMessage.class, pong.message());
    assertEquals(
        new PongMessage(peer.id(), ping.seq(), 123_456L, self.linkPort(), self.name(), OUR_MAC),
        message);
  }

  @Test
  void onDatagram_validPing_reportsHeardWithEverythingToAddThePeer() {
    receive(peerPing());

    assertEquals(
        List.of(
            new HeardFrom(
                peer.id(),
                peer.incarnation(),
                peer.name(),
                PEER_ADDRESS,
                peer.linkPort(),
                "02:00:00:00:00:02",
                "eth0",
                Kind.PING,
                RECEIVED_NANOS)),
        listener.heard);
    assertEquals(1, counters.snapshot().accepted());
  }

  @Test
  void onDatagram_pingFromOutsideOurSubnets_interfaceAndMacUnknown() {
    InetSocketAddress elsewhere = new InetSocketAddress(address("203.0.113.9"), 47200);

    responder.onDatagram(peerPing(), elsewhere, RECEIVED_NANOS);

    assertEquals("", listener.heard.get(0).localInterface());
    PongMessage pong =
        (PongMessage)
            peerCodec.decode(ByteBuffer.wrap(transport.sent.get(0).bytes())).envelope().message();
    assertEquals("", pong.mac());
  }

  @Test
  void onDatagram_sameDatagramTwice_secondDroppedAsReplayedWithoutPong() {
    ByteBuffer ping = peerPing();

    receive(ping.duplicate());
    receive(ping.duplicate());

    assertEquals(1, transport.sent.size());
    assertEquals(1, listener.heard.size());
    assertEquals(1, counters.snapshot().replayed());
  }

  @Test
  void onDatagram_reorderedPing_answeredButNotReported() {
    ByteBuffer older = peerPing();
    ByteBuffer newer = peerPing();

    receive(newer);
    receive(older);

    assertEquals(2, transport.sent.size());
    assertEquals(1, listener.heard.size());
    assertEquals(2, counters.snapshot().accepted());
  }

  @Test
  void onDatagram_pongToOurPing_reportsRoundTripAndHeard() {
    Envelope ourPing = ourEnvelopes.ping(RECEIVED_NANOS - 250_000, "");
    pending.sent(ourPing.seq(), 1, RECEIVED_NANOS - 250_000, RECEIVED_NANOS - 250_000);
    stats.roundSent(1, RECEIVED_NANOS - 250_000);

    receive(
        peerCodec.encode(
            peerEnvelopes.pong(ourPing, (PingMessage) ourPing.message(), "02:00:00:00:00:02")));

    assertEquals(1, listener.roundTrips.size());
    assertEquals(peer.id(), listener.roundTrips.get(0).id());
    assertEquals(250_000, listener.roundTrips.get(0).rttNanos());
    assertEquals(250, listener.roundTrips.get(0).stats().rtt().lastMicros());
    assertEquals(Kind.PONG, listener.heard.get(0).kind());
    assertEquals(250, stats.stats(peer.id(), RECEIVED_NANOS).rtt().lastMicros());
    assertTrue(transport.sent.isEmpty(), "a pong is not answered");
  }

  @Test
  void onDatagram_pongToOurProbe_completesProbeWithRoundTrip() throws Exception {
    CompletableFuture<RoundTrip> result = prober.probe(PEER_ADDRESS, Duration.ofMinutes(1));
    Envelope ourPing =
        new DatagramCodec(key(7)).decode(ByteBuffer.wrap(transport.sent.get(0).bytes())).envelope();
    transport.sent.clear();

    receive(peerCodec.encode(peerEnvelopes.pong(ourPing, (PingMessage) ourPing.message(), "")));

    assertTrue(result.isDone());
    assertEquals(400_000, result.get().rttNanos());
    assertEquals(peer.id(), result.get().id());
    assertEquals(List.of(result.get()), listener.roundTrips);
    assertEquals(0.0, result.get().stats().lossPercent());
  }

  @Test
  void onDatagram_pongEchoingAnUnknownPing_heardWithoutRoundTrip() {
    Envelope notOurs = ourEnvelopes.ping(42, "");

    receive(peerCodec.encode(peerEnvelopes.pong(notOurs, (PingMessage) notOurs.message(), "")));

    assertEquals(1, listener.heard.size());
    assertTrue(listener.roundTrips.isEmpty());
  }

  @Test
  void onDatagram_leave_reportsLeftAndForgetsStats() {
    receive(peerCodec.encode(peerEnvelopes.leave("shutdown")));

    assertEquals(1, listener.lefts.size());
    assertEquals(peer.id(), listener.lefts.get(0).id());
    assertEquals(peer.incarnation(), listener.lefts.get(0).incarnation());
    assertEquals("shutdown", listener.lefts.get(0).reason());
    assertTrue(transport.sent.isEmpty());
  }

  @Test
  void onDatagram_ourOwnBroadcast_ignoredAndCountedAsEcho() {
    receive(new DatagramCodec(key(7)).encode(ourEnvelopes.ping(1, OUR_MAC)));

    assertEquals(1, counters.snapshot().ownEcho());
    assertEquals(0, counters.snapshot().dropped());
    assertEquals(0, listener.events());
    assertTrue(transport.sent.isEmpty());
  }

  @Test
  void onDatagram_anotherAgentWithOurIdentity_ignored() {
    EnvelopeFactory twin = new EnvelopeFactory(node(1, 999), CLOCK);

    receive(peerCodec.encode(twin.ping(1, "")));

    assertEquals(1, counters.snapshot().ownEcho());
    assertEquals(0, listener.events());
  }

  @Test
  void onDatagram_hostileTraffic_allDroppedCountedNeverReportedNeverAnswered() {
    ByteBuffer genuine = peerPing();
    receive(genuine.duplicate());
    transport.sent.clear();
    listener.heard.clear();
    int forged = 0;
    int garbage = 0;

    // forged with another mesh's key
    receive(new DatagramCodec(key(8)).encode(peerEnvelopes.ping(1, "")));
    forged++;
    // replayed, many times
    for (int i = 0; i < 5; i++) {
      receive(genuine.duplicate());
    }
    // stale: sent two days ago by the sender's clock
    Clock twoDaysAgo = Clock.offset(CLOCK, Duration.ofDays(-2));
    receive(peerCodec.encode(new EnvelopeFactory(peer, twoDaysAgo).ping(1, "")));
    // stale: an older incarnation of the same node
    receive(peerCodec.encode(new EnvelopeFactory(node(2, 199), CLOCK).ping(1, "")));
    // every truncation of a genuine ping
    byte[] bytes = TestDatagrams.bytes(peerPing());
    for (int length = 0; length < bytes.length; length++) {
      receive(ByteBuffer.wrap(Arrays.copyOf(bytes, length)));
      garbage++;
    }
    // random bytes
    Random random = new Random(3);
    for (int i = 0; i < 500; i++) {
      byte[] noise = new byte[1 + random.nextInt(1300)];
      random.nextBytes(noise);
      receive(ByteBuffer.wrap(noise));
      garbage++;
    }

    LivenessCounters after = counters.snapshot();
    assertEquals(0, listener.events());
    assertTrue(transport.sent.isEmpty());
    assertEquals(5, after.replayed());
    assertEquals(2, after.stale());
    assertEquals(forged + garbage, after.badMac() + after.malformed());
    assertTrue(after.badMac() >= forged);
    assertEquals(1, after.accepted());
  }

  @Test
  void onDatagram_listenerThrows_countedAndLaterDatagramsStillHandled() {
    LivenessListener throwing =
        new LivenessListener() {
          @Override
          public void heardFrom(HeardFrom event) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void roundTrip(RoundTrip event) {}

          @Override
          public void left(Left event) {}
        };
    Responder withThrowingListener = responder(throwing);

    withThrowingListener.onDatagram(peerPing(), PEER_ADDRESS, RECEIVED_NANOS);
    withThrowingListener.onDatagram(peerPing(), PEER_ADDRESS, RECEIVED_NANOS);

    assertEquals(2, counters.snapshot().listenerFailures());
    assertEquals(2, transport.sent.size(), "both pings answered");
  }

  @Test
  void onDatagram_pongCannotBeSent_countedNotThrown() {
    transport.failSends = true;

    receive(peerPing());

    assertEquals(1, counters.snapshot().sendFailures());
    assertEquals(1, listener.heard.size());
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
