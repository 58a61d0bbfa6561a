package dev.echomesh.it.discovery;

import static dev.echomesh.it.discovery.DiscoveryNode.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.it.lan.VirtualLan;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mDNS discovery between processes on the virtual LAN. Also prints jmdns timings (start to
 * resolved elsewhere, goodbye to removal, stop duration) for the DiscoveryService javadoc; they
 * are measured here, never asserted.
 */
@RequiresVirtualLan
class DiscoveryIT {

  private static final Duration POLL = Duration.ofMillis(500);

  @Test
  void twoHostsOneMesh_eachLearnsTheOthersIdIpAndMac_otherMeshAndVirtualInterfacesIgnored() {
    try (VirtualLan lan = VirtualLan.create(3)) {
      // A container bridge and its veth inside host 1: up, multicast, and to be skipped.
      lan.host(1).exec("sh", "-c", "ip link add veth7 type veth peer name docker0"
          + " && ip addr add 198.19.7.1/24 dev docker0 && ip link set veth7 up && ip link set docker0 up")
          .requireSuccess();
      DiscoveryNode one = DiscoveryNode.start(lan.host(1), "one", "meshaaaaaaaaaaaa", POLL);
      DiscoveryNode two = DiscoveryNode.start(lan.host(2), "two", "meshaaaaaaaaaaaa", POLL);
      DiscoveryNode stranger = DiscoveryNode.start(lan.host(3), "stranger", "meshbbbbbbbbbbbb", POLL);

      await().atMost(PATIENCE).until(() -> one.heardOf(two) && two.heardOf(one));
      assertAnnounced(one, two, "two");
      assertAnnounced(two, one, "one");
      assertEquals("interfaces [eth0]", one.line("interfaces ").orElseThrow().replaceAll(" \\d+$", ""),
          "docker0 and veth7 are skipped by default");

      // The stranger's records reached host 1 (it logs ignoring them) but never became a member.
      await().atMost(PATIENCE).until(() -> one.process().stderr().contains("belongs to mesh meshbbbbbbbbbbbb")
          && two.process().stderr().contains("belongs to mesh meshbbbbbbbbbbbb"));
      assertFalse(one.heardOf(stranger), one.process().stdout());
      assertFalse(two.heardOf(stranger), two.process().stdout());
      assertFalse(stranger.heardOf(one) || stranger.heardOf(two), stranger.process().stdout());
      assertFalse(one.heardOf(one), "a node never reports itself");

      long announcedAt = Long.parseLong(one.latestAnnouncementOf(two).orElseThrow()[9]);
      System.out.printf("jmdns: start -> resolved at another host: %d ms%n", announcedAt - two.startedAt());

      // A clean stop: the goodbye reaches the other member.
      two.process().stop();
      String stopping = two.line("stopping ").orElseThrow();
      String stopped = two.line("stopped ").orElseThrow();
      await().atMost(PATIENCE).until(() -> one.line("goodbye " + two.id()).isPresent());
      long goodbyeAt = Long.parseLong(one.line("goodbye " + two.id()).orElseThrow().split(" ")[2]);
      System.out.printf("jmdns: stop() returned %s; goodbye sent -> removal at another host: %d ms%n",
          stopped.substring(stopped.indexOf("after")), goodbyeAt - Long.parseLong(stopping.split(" ")[1]));
    }
  }

  @Test
  void addressChange_reannouncedWithTheNewAddress() {
    try (VirtualLan lan = VirtualLan.create(2)) {
      DiscoveryNode watcher = DiscoveryNode.start(lan.host(1), "watcher", "meshaaaaaaaaaaaa", POLL);
      DiscoveryNode mover = DiscoveryNode.start(lan.host(2), "mover", "meshaaaaaaaaaaaa", POLL);
      await().atMost(PATIENCE).until(() -> watcher.heardOf(mover));

      // As a DHCP renewal with a new lease would: the old address goes, a new one comes.
      long changedAt = System.currentTimeMillis();
      lan.host(2).exec("sh", "-c", "ip addr del " + lan.host(2).ip().getHostAddress()
          + "/24 dev eth0 && ip addr add 198.18.0.102/24 brd + dev eth0").requireSuccess();

      await().atMost(PATIENCE).until(() -> watcher.latestAnnouncementOf(mover)
          .map(f -> List.of(f[4].split(",")).contains("198.18.0.102")).orElse(false));
      String[] learnt = watcher.latestAnnouncementOf(mover).orElseThrow();
      assertEquals(lan.host(2).mac(), learnt[5]);
      // The old address's record has no goodbye (it cannot be sent without the address) and
      // lingers in jmdns's cache until its next sweep.
      await().atMost(PATIENCE).until(() -> watcher.latestAnnouncementOf(mover)
          .map(f -> f[4].equals("198.18.0.102")).orElse(false));
      String[] clean = watcher.latestAnnouncementOf(mover).orElseThrow();
      System.out.printf("jmdns: address change -> new address announced at another host: %d ms,"
          + " old one gone: %d ms (poll every %d ms)%n", Long.parseLong(learnt[9]) - changedAt,
          Long.parseLong(clean[9]) - changedAt, POLL.toMillis());
    }
  }

  private static void assertAnnounced(DiscoveryNode observer, DiscoveryNode announcer, String name) {
    String[] f = observer.latestAnnouncementOf(announcer).orElseThrow();
    String all = Arrays.toString(f);
    assertEquals(name, f[2], all);
    assertEquals("meshaaaaaaaaaaaa", f[3], all);
    assertEquals(announcer.host().ip().getHostAddress(), f[4], all);
    assertEquals(announcer.host().mac(), f[5], all);
    assertEquals("eth0", f[6], all);
    assertEquals(Integer.toString(DiscoveryNode.LINK_PORT), f[7], all);
    assertEquals(Integer.toString(DiscoveryNode.UDP_PORT), f[8], all);
  }
}
