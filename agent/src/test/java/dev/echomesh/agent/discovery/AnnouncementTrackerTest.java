package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.testing.FakeTicker;
import java.time.Duration;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnouncementTrackerTest {

  private static final LocalNode SELF = TestNodes.node(1, "self");
  private static final LocalNode PEER = TestNodes.node(2, "peer");
  private static final List<InetAddress> PEER_ADDRESSES = List.of(Nics.ip("198.18.0.2"));

  private final RecordingListener listener = new RecordingListener();
  private final AnnouncementTracker tracker =
      new AnnouncementTracker(SELF.nodeId(), TestNodes.MESH, listener, addresses -> Optional.empty());

  @Test
  void resolved_peerOfOurMesh_announcedOnce() {
    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);
    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES); // jmdns fires again

    assertEquals(List.of(announcement(PEER, PEER_ADDRESSES, "eth0")), listener.calls());
  }

  @Test
  void resolved_changedAddress_announcedAgain() {
    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);
    tracker.resolved("eth0", "peer", txt(PEER), 7002, List.of(Nics.ip("198.18.0.102")));

    assertEquals(List.of(announcement(PEER, PEER_ADDRESSES, "eth0"),
        announcement(PEER, List.of(Nics.ip("198.18.0.102")), "eth0")), listener.calls());
  }

  @Test
  void resolved_firstWithoutTxt_waitsForTheFullRecord() {
    tracker.resolved("eth0", "peer", new byte[] {0}, 7002, PEER_ADDRESSES);
    assertEquals(List.of(), listener.calls());
    assertEquals(0, tracker.rejectedCount(), "incomplete is not malformed");

    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);
    assertEquals(1, listener.calls().size());
  }

  @Test
  void resolved_ourOwnRecord_ignored() {
    tracker.resolved("eth0", "self", txt(SELF), 7001, List.of(Nics.ip("198.18.0.1")));

    assertEquals(List.of(), listener.calls());
  }

  @Test
  void resolved_otherMesh_ignored() {
    LocalNode stranger = new LocalNode(TestNodes.id(3), "stranger", TestNodes.OTHER_MESH, 7003, 8003);

    tracker.resolved("eth0", "stranger", txt(stranger), 7003, List.of(Nics.ip("198.18.0.3")));

    assertEquals(List.of(), listener.calls());
  }

  @Test
  void resolved_ownAndOtherMeshRecords_reportedByTheHearing() {
    FakeTicker ticker = new FakeTicker();
    MdnsHearing hearing = new MdnsHearing(ticker);
    AnnouncementTracker heard = new AnnouncementTracker(SELF.nodeId(), TestNodes.MESH, listener,
        addresses -> Optional.empty(), hearing);
    LocalNode stranger = new LocalNode(TestNodes.id(3), "stranger", TestNodes.OTHER_MESH, 7003, 8003);
    hearing.announcing();
    assertEquals(Optional.empty(), hearing.report(true, List.of("eth0")).ownHeardAgo());

    heard.resolved("eth0", "self", txt(SELF), 7001, List.of(Nics.ip("198.18.0.1")));
    heard.resolved("eth0", "stranger", txt(stranger), 7003, List.of(Nics.ip("198.18.0.3")));
    ticker.advance(Duration.ofSeconds(5));

    DiscoveryReport report = hearing.report(true, List.of("eth0"));
    assertEquals(Duration.ofSeconds(5), report.announcingFor());
    assertEquals(Optional.of(Duration.ofSeconds(5)), report.ownHeardAgo());
    assertEquals(List.of(new DiscoveryReport.OtherMeshNode(TestNodes.OTHER_MESH, stranger.nodeId(), "stranger",
        List.of(Nics.ip("198.18.0.3")), "eth0", Duration.ofSeconds(5))), report.otherMeshNodes());
    assertEquals(List.of(), listener.calls(), "neither reaches the peer table");
  }

  @Test
  void heardOtherMesh_pastTheBound_forgetsTheLeastRecentlyHeard() {
    FakeTicker ticker = new FakeTicker();
    MdnsHearing hearing = new MdnsHearing(ticker);
    for (int i = 0; i <= DiscoveryReport.MAX_OTHER_MESH_NODES; i++) {
      hearing.heardOtherMesh(new Announcement(TestNodes.id(10 + i), "n" + i, TestNodes.OTHER_MESH,
          List.of(Nics.ip("198.18.1." + i)), 7000, 8000, "", "eth0"));
      ticker.advance(Duration.ofMillis(1));
    }

    List<DiscoveryReport.OtherMeshNode> kept = hearing.report(true, List.of()).otherMeshNodes();
    assertEquals(DiscoveryReport.MAX_OTHER_MESH_NODES, kept.size());
    assertEquals("n" + DiscoveryReport.MAX_OTHER_MESH_NODES, kept.get(0).name(), "most recent first");
    assertTrue(kept.stream().noneMatch(node -> node.name().equals("n0")), "the oldest is forgotten");
  }

  @Test
  void resolved_malformed_droppedCountedNeverThrown() {
    byte[] garbage = {40, 'i', 'd', '=', 1, 2, 3};

    tracker.resolved("eth0", "evil", garbage, 7009, PEER_ADDRESSES);
    tracker.resolved("eth0", "evil", TxtCodec.encode(Map.of("v", "1", "id", "nope")), 7009, PEER_ADDRESSES);

    assertEquals(List.of(), listener.calls());
    assertEquals(2, tracker.rejectedCount());
  }

  @Test
  void removed_lastInterface_goodbye() {
    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);
    tracker.resolved("wlan0", "peer", txt(PEER), 7002, PEER_ADDRESSES);

    assertEquals(2, listener.calls().size(), "one announcement per interface");

    tracker.removed("eth0", "peer");
    assertEquals(2, listener.calls().size(), "still seen on wlan0: no goodbye");
    tracker.removed("wlan0", "PEER"); // DNS names compare without case
    assertEquals("goodbye " + PEER.nodeId().shortForm(), listener.calls().get(listener.calls().size() - 1));
  }

  @Test
  void removed_unknownInstance_nothing() {
    tracker.removed("eth0", "never-seen");

    assertEquals(List.of(), listener.calls());
  }

  @Test
  void endpointClosed_withdrawsWhatOnlyItSaw() {
    LocalNode other = TestNodes.node(4, "other");
    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);
    tracker.resolved("wlan0", "other", txt(other), 7004, List.of(Nics.ip("192.0.2.4")));

    tracker.endpointClosed("eth0");

    assertEquals("goodbye " + PEER.nodeId().shortForm(), listener.calls().get(2));
    assertEquals(3, listener.calls().size());
  }

  @Test
  void resolved_instanceNowAnotherNode_oldOneWithdrawn() {
    LocalNode reinstalled = TestNodes.node(5, "peer");
    tracker.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);

    tracker.resolved("eth0", "peer", txt(reinstalled), 7005, PEER_ADDRESSES);

    List<Object> calls = listener.calls();
    assertEquals("goodbye " + PEER.nodeId().shortForm(), calls.get(1));
    assertEquals(reinstalled.nodeId(), ((Announcement) calls.get(2)).nodeId());
  }

  @Test
  void resolved_interfaceLocator_namesTheOnLinkInterface() {
    AnnouncementTracker located = new AnnouncementTracker(SELF.nodeId(), TestNodes.MESH, listener,
        addresses -> Optional.of("eth1"));

    located.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);

    assertEquals("eth1", ((Announcement) listener.calls().get(0)).interfaceName());
  }

  @Test
  void resolved_listenerThrows_trackerGoesOn() {
    DiscoveryListener failing = new DiscoveryListener() {
      @Override
      public void announced(Announcement announcement) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void goodbye(NodeId nodeId) {
        listener.goodbye(nodeId);
      }
    };
    AnnouncementTracker withFailing = new AnnouncementTracker(SELF.nodeId(), TestNodes.MESH, failing, a -> Optional.empty());

    withFailing.resolved("eth0", "peer", txt(PEER), 7002, PEER_ADDRESSES);
    withFailing.removed("eth0", "peer");

    assertTrue(listener.calls().contains("goodbye " + PEER.nodeId().shortForm()));
  }

  private static byte[] txt(LocalNode node) {
    return AnnouncementCodec.encode(node, "02:ec:00:00:00:0" + (node.linkPort() - 7000));
  }

  private static Announcement announcement(LocalNode node, List<InetAddress> addresses, String interfaceName) {
    return new Announcement(node.nodeId(), node.name(), node.meshId(), addresses, node.linkPort(), node.udpPort(),
        "02:ec:00:00:00:0" + (node.linkPort() - 7000), interfaceName);
  }
}
