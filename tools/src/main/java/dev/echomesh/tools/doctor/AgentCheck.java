package dev.echomesh.tools.doctor;

import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** What the running agent's own view says is wrong: its peers and its datagram counters. */
final class AgentCheck {

  /**
   * Datagrams dropped as stale within the counter window before the clock is blamed. One is
   * normal: a ping still in flight when a peer restarts carries its old incarnation. A clock off by
   * more than the staleness bound makes every ping of that peer stale: about five a second at the
   * default ping interval.
   */
  static final long STALE_THRESHOLD = 3;

  /**
   * Datagrams that fail authentication within the counter window before another mesh (or a wrong
   * join code) is blamed: an agent of another mesh broadcasts about five pings a second.
   */
  static final long BAD_MAC_THRESHOLD = 1;

  /** Tries a TCP connection; answers whether it was accepted. */
  @FunctionalInterface
  interface LinkProbe {
    boolean connects(InetSocketAddress address);
  }

  private AgentCheck() {}

  static List<Finding> check(AgentView agent, LinkProbe probe) {
    List<Finding> findings = new ArrayList<>();
    LivenessCounters counters = agent.recent();
    if (counters.stale() >= STALE_THRESHOLD) {
      findings.add(Finding.problem("clock-skew",
          counters.stale() + " pings dropped as stale just now: a peer's clock (or this one) is far"
              + " off",
          "synchronise the clocks of all devices (timedatectl set-ntp true)"));
    }
    if (counters.badMac() >= BAD_MAC_THRESHOLD) {
      findings.add(Finding.problem("other-mesh",
          counters.badMac() + " pings failed authentication just now: agents of another mesh (another join"
              + " code) share this LAN",
          "if those devices belong here, run `echomesh join CODE` on them with this mesh's code"));
    }
    for (Peer peer : agent.peers()) {
      if (peer.state() == PeerState.LEFT) {
        continue;
      }
      if (peer.state() != PeerState.ALIVE) {
        findings.add(Finding.problem("pings-not-arriving", "peer " + label(peer)
            + (peer.rtt().measured()
                ? " is " + peer.state() + ": its pings stopped arriving (if it still runs: Wi-Fi"
                    + " client isolation, or its ping port is filtered)"
                : " is known (mDNS or --peer) but none of its pings ever arrived: Wi-Fi client"
                    + " isolation, or its ping port is filtered"),
            "turn off client (AP) isolation on the access point, or connect both devices by cable"));
      }
      if (peer.state() != PeerState.DEAD && peer.linkPort() > 0 && !peer.addresses().isEmpty()
          && !reachable(peer, probe)) {
        findings.add(Finding.problem("link-unreachable",
            "peer " + label(peer) + "'s link port " + peer.linkPort() + "/tcp at "
                + addresses(peer) + " does not accept connections",
            "on that peer, allow " + peer.linkPort() + "/tcp in its firewall (and check its agent"
                + " runs: echomesh status)"));
      }
    }
    return findings;
  }

  private static boolean reachable(Peer peer, LinkProbe probe) {
    for (InetAddress address : peer.addresses()) {
      if (probe.connects(new InetSocketAddress(address, peer.linkPort()))) {
        return true;
      }
    }
    return false;
  }

  private static String label(Peer peer) {
    return peer.name().isEmpty() ? peer.id().shortForm() : peer.name() + " (" + peer.id().shortForm() + ")";
  }

  private static String addresses(Peer peer) {
    return peer.addresses().stream().map(InetAddress::getHostAddress).toList().toString();
  }
}
