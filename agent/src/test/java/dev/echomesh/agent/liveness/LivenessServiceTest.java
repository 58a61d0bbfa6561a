package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.mesh;
import static dev.echomesh.agent.liveness.TestNodes.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.liveness.LivenessListener.HeardFrom;
import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.time.Ticker;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real UDP sockets on 127.0.0.1 (ephemeral ports, unicast targets only: nothing is broadcast and no
 * real interface is touched).
 */
class LivenessServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private static LivenessConfig.Builder loopbackConfig() {
    return LivenessConfig.builder().port(0).bindAddress(LOOPBACK);
  }

  /** A service whose targets are whatever {@code targets} holds when a round starts. */
  private LivenessService start(
      LivenessConfig config, LocalNode self, List<PingTarget> targets, LivenessListener listener)
      throws Exception {
    return start(config, self, targets, listener, Clock.systemUTC(), Ticker.system());
  }

  /** The same, on {@code clock} and {@code ticker}. */
  private LivenessService start(
      LivenessConfig config,
      LocalNode self,
      List<PingTarget> targets,
      LivenessListener listener,
      Clock clock,
      Ticker ticker)
      throws Exception {
    LivenessService service =
        LivenessService.start(
            config, self, mesh(7), () -> List.copyOf(targets), listener, clock, ticker);
    toClose.add(service);
    return service;
  }

  @Test
  void start_configuredTicker_stampsWhatItHearsWithIt() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RecordingListener aHears = new RecordingListener();
    LocalNode b = node(2, 2_000);
    LivenessService serviceA =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), aHears, Clock.systemUTC(), ticker);
    start(
        loopbackConfig().build(),
        b,
        List.of(PingTarget.unicast(serviceA.localAddress())),
        new RecordingListener());

    await().atMost(WAIT).until(() -> aHears.heardFrom(b.id()));

    assertEquals(FakeTicker.START_NANOS, aHears.heard.get(0).atNanos());
  }

  @Test
  void start_configuredWallClock_stampsTheDatagramsSendTimeWithIt() throws Exception {
    // Two days behind the receiver's clock: past the default 24 h staleness bound.
    FakeClock twoDaysBehind = FakeClock.system().step(Duration.ofDays(-2));
    RecordingListener bHears = new RecordingListener();
    LocalNode a = node(1, 1_000);
    LivenessService serviceB = start(loopbackConfig().build(), node(2, 2_000), List.of(), bHears);
    start(
        loopbackConfig().build(),
        a,
        List.of(PingTarget.unicast(serviceB.localAddress())),
        new RecordingListener(),
        twoDaysBehind,
        Ticker.system());

    await().atMost(WAIT).until(() -> serviceB.counters().stale() > 0);

    assertFalse(bHears.heardFrom(a.id()), "every datagram of A is stale by its clock");
    assertEquals(0, serviceB.counters().accepted());
  }

  @Test
  void start_twoServices_hearEachOtherAndMeasureRoundTrips() throws Exception {
    List<PingTarget> aTargets = new CopyOnWriteArrayList<>();
    List<PingTarget> bTargets = new CopyOnWriteArrayList<>();
    RecordingListener aHears = new RecordingListener();
    RecordingListener bHears = new RecordingListener();
    LocalNode a = node(1, 1_000);
    LocalNode b = node(2, 2_000);
    LivenessService serviceA = start(loopbackConfig().build(), a, aTargets, aHears);
    LivenessService serviceB = start(loopbackConfig().build(), b, bTargets, bHears);
    aTargets.add(PingTarget.unicast(serviceB.localAddress()));
    bTargets.add(PingTarget.unicast(serviceA.localAddress()));

    await().atMost(WAIT).until(() -> aHears.measured(b.id()) && bHears.measured(a.id()));

    HeardFrom heardB =
        aHears.heard.stream().filter(e -> e.id().equals(b.id())).findFirst().orElseThrow();
    assertEquals(b.name(), heardB.name());
    assertEquals(b.incarnation(), heardB.incarnation());
    assertEquals(b.linkPort(), heardB.linkPort());
    assertEquals(serviceB.localAddress(), heardB.source());
    assertTrue(serviceA.stats(b.id()).rtt().measured());
    assertTrue(aHears.roundTrips.stream().allMatch(r -> r.rttNanos() > 0));
    assertEquals(0, serviceA.counters().dropped());
    assertEquals(0, serviceB.counters().dropped());
  }

  @Test
  void close_peerReportsLeftAtOnce() throws Exception {
    List<PingTarget> aTargets = new CopyOnWriteArrayList<>();
    List<PingTarget> bTargets = new CopyOnWriteArrayList<>();
    RecordingListener aHears = new RecordingListener();
    LocalNode b = node(2, 2_000);
    // Long timeouts: only the Leave, never silence, can tell A that B is gone within the wait.
    LivenessConfig slow =
        loopbackConfig()
            .pingInterval(Duration.ofSeconds(30))
            .suspectAfter(Duration.ofMinutes(1))
            .deadAfter(Duration.ofMinutes(2))
            .build();
    LivenessService serviceA = start(slow, node(1, 1_000), aTargets, aHears);
    LivenessService serviceB = start(slow, b, bTargets, new RecordingListener());
    bTargets.add(PingTarget.unicast(serviceA.localAddress()));
    aTargets.add(PingTarget.unicast(serviceB.localAddress()));

    serviceB.close();

    await().atMost(WAIT).until(() -> aHears.sawLeave(b.id()));
    assertEquals(b.incarnation(), aHears.lefts.get(0).incarnation());
    serviceB.close();
  }

  @Test
  void start_firstPingAtOnce_notAfterTheInterval() throws Exception {
    RecordingListener aHears = new RecordingListener();
    LivenessService serviceA = start(loopbackConfig().build(), node(1, 1_000), List.of(), aHears);
    LocalNode b = node(2, 2_000);
    LivenessConfig minutePings =
        loopbackConfig()
            .pingInterval(Duration.ofSeconds(60))
            .suspectAfter(Duration.ofMinutes(3))
            .deadAfter(Duration.ofMinutes(5))
            .addStaticTarget(serviceA.localAddress())
            .build();

    start(minutePings, b, List.of(), new RecordingListener());

    // The interval is a minute; hearing B within the wait proves the first round went out at start.
    await().atMost(WAIT).until(() -> aHears.heardFrom(b.id()));
  }

  @Test
  void receive_forgedReplayedAndRandomDatagrams_droppedCountedNeverReported() throws Exception {
    RecordingListener victimHears = new RecordingListener();
    LivenessService victim =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), victimHears);
    DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    attacker.setSoTimeout((int) WAIT.toMillis());
    toClose.add(attacker);
    // A genuine member pings the attacker's socket (as if the attacker sniffed its broadcast).
    LocalNode member = node(2, 2_000);
    start(
        loopbackConfig().build(),
        member,
        List.of(PingTarget.unicast((InetSocketAddress) attacker.getLocalSocketAddress())),
        new RecordingListener());
    DatagramPacket captured = new DatagramPacket(new byte[2048], 2048);
    attacker.receive(captured);
    byte[] genuine = Arrays.copyOf(captured.getData(), captured.getLength());
    byte[] forged =
        TestDatagrams.bytes(
            new DatagramCodec(key(8))
                .encode(new EnvelopeFactory(node(3, 3_000), Clock.systemUTC()).ping(1, "")));
    Random random = new Random(11);

    send(attacker, forged, victim.localAddress());
    for (int i = 0; i < 50; i++) {
      byte[] noise = new byte[1 + random.nextInt(1500)];
      random.nextBytes(noise);
      send(attacker, noise, victim.localAddress());
    }
    for (int i = 0; i < 3; i++) {
      send(attacker, genuine, victim.localAddress());
    }

    // The first copy of the sniffed ping is authentic and unseen: accepted once, as designed.
    await()
        .atMost(WAIT)
        .until(() -> victim.counters().dropped() + victim.counters().accepted() == 1 + 50 + 3);
    LivenessCounters counters = victim.counters();
    assertEquals(2, counters.replayed());
    assertTrue(counters.badMac() >= 1);
    assertEquals(51, counters.badMac() + counters.malformed());
    assertEquals(1, counters.accepted());
    assertTrue(victimHears.heard.stream().allMatch(e -> e.id().equals(member.id())));
    assertEquals(1, victimHears.heard.size());
  }

  @Test
  void probe_peerAnswers_completesWithRoundTrip() throws Exception {
    LocalNode b = node(2, 2_000);
    LivenessService serviceA =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), new RecordingListener());
    LivenessService serviceB =
        start(loopbackConfig().build(), b, List.of(), new RecordingListener());

    LivenessListener.RoundTrip roundTrip =
        serviceA.probe(serviceB.localAddress(), WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertEquals(b.id(), roundTrip.id());
    assertTrue(roundTrip.rttNanos() > 0);
    assertTrue(serviceA.stats(b.id()).rtt().measured());
  }

  @Test
  void probe_nobodyAnswers_timesOut() throws Exception {
    LivenessService service =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), new RecordingListener());
    DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    toClose.add(silent);

    CompletableFuture<LivenessListener.RoundTrip> probe =
        service.probe((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(100));

    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> probe.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(TimeoutException.class, e.getCause());
  }

  @Test
  void probe_shortTimeoutAfterLongOne_timesOutOnItsOwnDeadline() throws Exception {
    LivenessService service =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), new RecordingListener());
    DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    toClose.add(silent);
    InetSocketAddress nowhere = (InetSocketAddress) silent.getLocalSocketAddress();

    CompletableFuture<LivenessListener.RoundTrip> patient =
        service.probe(nowhere, Duration.ofMinutes(10));
    CompletableFuture<LivenessListener.RoundTrip> hasty =
        service.probe(nowhere, Duration.ofMillis(100));

    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> hasty.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertFalse(patient.isDone());
  }

  @Test
  void close_probeInFlight_failsItInsteadOfLeavingItWaiting() throws Exception {
    LivenessService service =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), new RecordingListener());
    DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    toClose.add(silent);
    CompletableFuture<LivenessListener.RoundTrip> probe =
        service.probe((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMinutes(10));

    service.close();

    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> probe.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void probe_afterClose_failsAtOnce() throws Exception {
    LivenessService service =
        start(loopbackConfig().build(), node(1, 1_000), List.of(), new RecordingListener());
    service.close();

    CompletableFuture<LivenessListener.RoundTrip> probe =
        service.probe(new InetSocketAddress(LOOPBACK, 9), Duration.ofSeconds(1));

    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> probe.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  private static void send(DatagramSocket socket, byte[] bytes, InetSocketAddress to)
      throws Exception {
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }
}
