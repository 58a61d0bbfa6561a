package dev.echomesh.agent.discovery;

import dev.echomesh.agent.discovery.DiscoveryReport.OtherMeshNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers what {@link DiscoveryReport} tells: when this node started announcing, when its own
 * announcement last came back, and the nodes of other meshes heard (at most {@link
 * DiscoveryReport#MAX_OTHER_MESH_NODES}, the least recently heard forgotten first). Times are read
 * on the agent's ticker. Thread-safe.
 */
final class MdnsHearing {

  private final Ticker ticker;
  private boolean announcing;
  private long announcingSinceNanos;
  private boolean heardSelf;
  private long heardSelfNanos;
  private final Map<NodeId, Heard> otherMeshes = new HashMap<>();

  private record Heard(Announcement announcement, long atNanos) {}

  MdnsHearing(Ticker ticker) {
    this.ticker = ticker;
  }

  /** An mDNS endpoint opened and announces this node (the first one counts). */
  synchronized void announcing() {
    if (!announcing) {
      announcing = true;
      announcingSinceNanos = ticker.read();
    }
  }

  /** This node's own announcement came back. */
  synchronized void heardSelf() {
    heardSelf = true;
    heardSelfNanos = ticker.read();
  }

  /** A node of another mesh announced itself. */
  synchronized void heardOtherMesh(Announcement announcement) {
    otherMeshes.put(announcement.nodeId(), new Heard(announcement, ticker.read()));
    if (otherMeshes.size() > DiscoveryReport.MAX_OTHER_MESH_NODES) {
      otherMeshes.values().stream().min(Comparator.comparingLong(Heard::atNanos))
          .ifPresent(oldest -> otherMeshes.remove(oldest.announcement().nodeId()));
    }
  }

  /** What was heard, now. */
  synchronized DiscoveryReport report(boolean enabled, List<String> interfaces) {
    long now = ticker.read();
    List<Heard> heard = new ArrayList<>(otherMeshes.values());
    heard.sort(Comparator.comparingLong(Heard::atNanos).reversed());
    List<OtherMeshNode> others = heard.stream().map(h -> new OtherMeshNode(h.announcement().meshId(),
        h.announcement().nodeId(), h.announcement().name(), h.announcement().addresses(),
        h.announcement().interfaceName(), Duration.ofNanos(now - h.atNanos()))).toList();
    return new DiscoveryReport(enabled, interfaces,
        announcing ? Duration.ofNanos(now - announcingSinceNanos) : Duration.ZERO,
        heardSelf ? Optional.of(Duration.ofNanos(now - heardSelfNanos)) : Optional.empty(), others);
  }
}
