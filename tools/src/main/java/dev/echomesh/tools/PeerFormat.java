package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.peers.Peer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How peers are shown: the human table of {@code echomesh peers} and the JSON objects of {@code
 * --json}.
 *
 * <p>JSON fields (scripts depend on these names; only add):
 *
 * <pre>
 * id            node ID, full grouped base32
 * name          node name
 * state         ALIVE, SUSPECT, DEAD or LEFT
 * addresses     IP addresses as strings, most recent first
 * interface     local interface it was last heard on; "" when unknown
 * mac           announced MAC "aa:bb:cc:dd:ee:ff"; "" when unknown
 * macMismatch   true when the neighbour table disagrees with the announced MAC
 * port          TCP link port; 0 when unknown
 * udpPort       UDP liveness port; 0 when unknown
 * rttMicros     median ping round trip over the recent window, microseconds; null if never measured
 * rttMeanMicros mean ping round trip over the recent window, microseconds; null if never measured
 * rttLastMicros last round trip, microseconds; null if never measured
 * rttP99Micros  99th percentile round trip, microseconds; null if never measured
 * lossPercent   share of recent pings unanswered, 0 to 100
 * incarnation   grows each time the peer restarts
 * lastSeen      when it was last heard from, ISO-8601 UTC, e.g. "2025-01-31T12:00:00.123Z"
 * </pre>
 */
final class PeerFormat {

  private PeerFormat() {}

  static ObjectNode json(Peer peer) {
    ObjectNode node =
        Json.object()
            .put("id", peer.id().toString())
            .put("name", peer.name())
            .put("state", peer.state().name());
    ArrayNode addresses = node.putArray("addresses");
    peer.addresses().forEach(address -> addresses.add(address.getHostAddress()));
    node.put("interface", peer.interfaceName())
        .put("mac", peer.mac())
        .put("macMismatch", peer.macMismatch())
        .put("port", peer.linkPort())
        .put("udpPort", peer.udpPort());
    if (peer.rtt().measured()) {
      node.put("rttMicros", peer.rtt().medianMicros())
          .put("rttMeanMicros", peer.rtt().meanMicros())
          .put("rttLastMicros", peer.rtt().lastMicros())
          .put("rttP99Micros", peer.rtt().p99Micros());
    } else {
      node.putNull("rttMicros").putNull("rttMeanMicros").putNull("rttLastMicros").putNull("rttP99Micros");
    }
    return node.put("lossPercent", peer.lossPercent())
        .put("incarnation", peer.incarnation())
        .put("lastSeen", peer.lastSeen().toString());
  }

  static ArrayNode json(Collection<Peer> peers) {
    ArrayNode array = Json.array();
    peers.forEach(peer -> array.add(json(peer)));
    return array;
  }

  /** Prints the human table; a peer whose MAC disagrees with the neighbour table gets a '!'. */
  static void table(Collection<Peer> peers, Instant now, PrintStream out) {
    TextTable table =
        new TextTable(
            "NAME", "ID", "STATE", "ADDRESSES", "IF", "MAC", "RTT", "LOSS", "LAST SEEN");
    boolean anyMismatch = false;
    for (Peer peer : peers) {
      anyMismatch |= peer.macMismatch();
      table.row(
          peer.name().isEmpty() ? "-" : peer.name(),
          peer.id().shortForm(),
          peer.state().name(),
          addresses(peer),
          peer.interfaceName().isEmpty() ? "-" : peer.interfaceName(),
          peer.mac().isEmpty() ? "-" : peer.mac() + (peer.macMismatch() ? "!" : ""),
          peer.rtt().measured() ? rtt(peer.rtt().medianMicros()) : "-",
          peer.rtt().measured() || peer.lossPercent() > 0 ? percent(peer.lossPercent()) : "-",
          age(peer.lastSeen(), now));
    }
    table.print(out);
    if (anyMismatch) {
      out.println(
          "! the MAC differs from this machine's neighbour table (ARP): check for spoofing");
    }
  }

  static String addresses(Peer peer) {
    if (peer.addresses().isEmpty()) {
      return "-";
    }
    return peer.addresses().stream()
        .map(InetAddress::getHostAddress)
        .collect(Collectors.joining(","));
  }

  /** 0.42ms, 3.1ms, 120ms. */
  static String rtt(long micros) {
    if (micros < 10_000) {
      return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
    }
    if (micros < 100_000) {
      return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }
    return (micros / 1000) + "ms";
  }

  /** 0%, 2.5%, 100%. */
  static String percent(double value) {
    return value == Math.rint(value)
        ? (long) value + "%"
        : String.format(Locale.ROOT, "%.1f%%", value);
  }

  /** "now" under a second, else "3s ago", "5m ago", "2h 7m ago"; "never" for the epoch. */
  static String age(Instant then, Instant now) {
    if (then.equals(Instant.EPOCH)) {
      return "never";
    }
    Duration age = Duration.between(then, now);
    if (age.compareTo(Duration.ofSeconds(1)) < 0) {
      return "now";
    }
    return Durations.format(age.withNanos(0)) + " ago";
  }
}
