package dev.echomesh.agent.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MdnsDiscoveryServiceTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final LocalNode SELF = TestNodes.node(1, "self");
  private static final LocalNode PEER = TestNodes.node(2, "peer");

  private final FakeEndpoints endpoints = new FakeEndpoints();
  private final RecordingListener listener = new RecordingListener();
  private volatile List<LocalInterface> machine = List.of(
      Nics.withFlags("lo", true, true, false),
      Nics.ethernet("eth0", "198.18.0.1"),
      Nics.ethernet("docker0", "172.17.0.1"),
      new LocalInterface("wlan0", true, false, true, false, "02:00:00:00:00:09", List.of(Nics.v6("fe80::9", 64))));
  private volatile boolean sourceFails;
  private MdnsDiscoveryService service;

  @AfterEach
  void releaseAndStop() {
    endpoints.openGate.countDown();
    endpoints.closeGate.countDown();
    if (service != null) {
      service.stop().join();
    }
  }

  @Test
  void start_defaults_oneEndpointPerSelectedInterfaceWithIpv4() {
    service = service(config().build());

    service.start();

    await().atMost(PATIENCE).until(() -> endpoints.log().contains("open eth0 198.18.0.1"));
    FakeEndpoints.Endpoint endpoint = endpoints.open().get(0);
    assertEquals(List.of("open eth0 198.18.0.1"), endpoints.log(), "docker0 is virtual, wlan0 has no IPv4");
    assertEquals("self", endpoint.instanceName);
    assertEquals(SELF.linkPort(), endpoint.port);
    assertArrayEquals(AnnouncementCodec.encode(SELF, "02:00:00:00:00:01"), endpoint.txt);
    assertEquals(List.of("eth0"), service.interfaces());
  }

  @Test
  void start_whileJmdnsOpenBlocks_returnsAtOnce() {
    endpoints.openGate = new CountDownLatch(1);
    service = service(config().build());

    service.start(); // the test's @Timeout fails it if this waited for the gate

    assertEquals(List.of(), service.interfaces());
    endpoints.openGate.countDown();
    await().atMost(PATIENCE).until(() -> service.interfaces().equals(List.of("eth0")));
  }

  @Test
  void poll_addressChanged_oldClosedBeforeNewOpens() {
    service = startedWithEth0();

    machine = List.of(Nics.ethernet("eth0", "198.18.0.102"));
    service.pollNow().join();

    await().atMost(PATIENCE).until(() -> endpoints.log().contains("open eth0 198.18.0.102"));
    assertEquals(List.of("open eth0 198.18.0.1", "close eth0 198.18.0.1 started", "close eth0 198.18.0.1",
        "open eth0 198.18.0.102"), endpoints.log());
  }

  @Test
  void poll_predecessorCloseHangs_successorOpensAfterCloseTimeout() {
    service = startedWithEth0();
    endpoints.closeGate = new CountDownLatch(1);

    machine = List.of(Nics.ethernet("eth0", "198.18.0.102"));
    service.pollNow().join();

    await().atMost(PATIENCE).until(() -> endpoints.log().contains("open eth0 198.18.0.102"));
    assertTrue(!endpoints.log().contains("close eth0 198.18.0.1"), "the old close still hangs");
  }

  @Test
  void poll_interfaceGone_endpointClosedAndItsNodesSayGoodbye() {
    service = startedWithEth0();
    FakeEndpoints.Endpoint eth0 = endpoints.open().get(0);
    eth0.events.resolved("peer", AnnouncementCodec.encode(PEER, ""), PEER.linkPort(), List.of(Nics.ip("198.18.0.2")));
    await().atMost(PATIENCE).until(() -> listener.calls().size() == 1);

    machine = List.of(Nics.withFlags("lo", true, true, false));
    service.pollNow().join();

    await().atMost(PATIENCE).until(() -> listener.calls().contains("goodbye " + PEER.nodeId().shortForm()));
    await().atMost(PATIENCE).until(() -> endpoints.log().contains("close eth0 198.18.0.1"));
    assertEquals(List.of(), service.interfaces());
  }

  @Test
  void events_resolvedAndRemoved_reachListenerOnTheDiscoveryThread() {
    AtomicReference<String> thread = new AtomicReference<>();
    DiscoveryListener recording = new DiscoveryListener() {
      @Override
      public void announced(Announcement announcement) {
        thread.set(Thread.currentThread().getName());
        listener.announced(announcement);
      }

      @Override
      public void goodbye(NodeId nodeId) {
        listener.goodbye(nodeId);
      }
    };
    service = new MdnsDiscoveryService(config().build(), SELF, recording, () -> machine, endpoints);
    service.start();
    await().atMost(PATIENCE).until(() -> !endpoints.open().isEmpty());
    MdnsEndpoint.Events events = endpoints.open().get(0).events;

    events.resolved("peer", AnnouncementCodec.encode(PEER, "02:ec:00:00:00:02"), PEER.linkPort(),
        List.<InetAddress>of(Nics.ip("198.18.0.2")));
    events.removed("peer");

    await().atMost(PATIENCE).until(() -> listener.calls().size() == 2);
    Announcement announced = (Announcement) listener.calls().get(0);
    assertEquals(PEER.nodeId(), announced.nodeId());
    assertEquals("eth0", announced.interfaceName());
    assertEquals("goodbye " + PEER.nodeId().shortForm(), listener.calls().get(1));
    assertEquals("echomesh-mdns-events", thread.get());
  }

  @Test
  void poll_openFails_retriedAtNextPoll() {
    endpoints.failNextOpens(1);
    service = service(config().build());
    service.start();
    await().atMost(PATIENCE).until(() -> endpoints.log().contains("fail eth0 198.18.0.1"));

    service.pollNow().join();

    assertEquals(List.of("fail eth0 198.18.0.1", "open eth0 198.18.0.1"), endpoints.log());
  }

  @Test
  void poll_interfacesCannotBeListed_keepsCurrentEndpoints() {
    service = startedWithEth0();

    sourceFails = true;
    service.pollNow().join();

    assertEquals(List.of("eth0"), service.interfaces());
    assertEquals(List.of("open eth0 198.18.0.1"), endpoints.log());
  }

  @Test
  void stop_jmdnsCloseHangs_completesAfterCloseTimeoutAndGoodbyeWasStarted() {
    service = startedWithEth0();
    endpoints.closeGate = new CountDownLatch(1);

    CompletableFuture<Void> stopped = service.stop();

    await().atMost(PATIENCE).until(stopped::isDone);
    assertTrue(endpoints.log().contains("close eth0 198.18.0.1 started"));
    assertTrue(!endpoints.log().contains("close eth0 198.18.0.1"), "it completed without waiting for jmdns");
  }

  @Test
  void stop_normally_completesOnceClosedAndNothingFollows() {
    service = startedWithEth0();
    MdnsEndpoint.Events events = endpoints.open().get(0).events;

    service.stop().join();
    events.resolved("peer", AnnouncementCodec.encode(PEER, ""), PEER.linkPort(), List.of(Nics.ip("198.18.0.2")));

    assertTrue(endpoints.log().contains("close eth0 198.18.0.1"));
    assertEquals(List.of(), listener.calls());
    assertEquals(List.of(), service.interfaces());
    assertTrue(service.stop().isDone(), "a second stop is complete at once");
  }

  @Test
  void stop_beforeStart_completesAndStartThenThrows() {
    service = service(config().build());

    service.stop().join();

    assertThrows(IllegalStateException.class, service::start);
    assertEquals(List.of(), endpoints.log());
  }

  @Test
  void start_disabled_opensNothing() {
    service = service(config().enabled(false).build());

    service.start();
    service.pollNow().join();

    assertEquals(List.of(), endpoints.log());
  }

  private MdnsDiscoveryService startedWithEth0() {
    MdnsDiscoveryService started = service(config().build());
    started.start();
    await().atMost(PATIENCE).until(() -> started.interfaces().equals(List.of("eth0")));
    return started;
  }

  private static DiscoveryConfig.Builder config() {
    return DiscoveryConfig.builder().pollInterval(Duration.ofHours(1)).closeTimeout(Duration.ofMillis(200));
  }

  private MdnsDiscoveryService service(DiscoveryConfig config) {
    return new MdnsDiscoveryService(config, SELF, listener, () -> {
      if (sourceFails) {
        throw new IOException("netlink unavailable");
      }
      return machine;
    }, endpoints);
  }
}
