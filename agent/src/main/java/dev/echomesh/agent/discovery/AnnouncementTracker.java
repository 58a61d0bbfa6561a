package dev.echomesh.agent.discovery;

import dev.echomesh.agent.discovery.AnnouncementRejectedException.Reason;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.time.Ticker;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw mDNS events (resolved / removed service instances, per interface) into
 * {@link DiscoveryListener} calls: decodes the TXT record, drops our own and other meshes'
 * records, drops repeats, and says goodbye for a node once no interface still sees it.
 *
 * <p>Not thread-safe: the discovery service calls it from its single event thread.
 */
final class AnnouncementTracker {

  private static final Logger log = LoggerFactory.getLogger(AnnouncementTracker.class);

  /** How many distinct rejection messages are remembered to log each once (bounded memory). */
  static final int MAX_REMEMBERED_REJECTIONS = 1024;

  private final NodeId self;
  private final String meshId;
  private final DiscoveryListener listener;
  private final Function<List<InetAddress>, Optional<String>> interfaceOf;
  private final MdnsHearing hearing;

  /** Which node each (interface, instance) currently stands for. */
  private final Map<InstanceKey, NodeId> instances = new HashMap<>();
  /** Per node, its last delivered announcement per interface. */
  private final Map<NodeId, Map<String, Announcement>> nodes = new HashMap<>();
  private final Set<String> reported = new HashSet<>();
  private final AtomicLong rejected = new AtomicLong();

  /**
   * @param interfaceOf which of our interfaces an address set is on-link with, if any; used to
   *     name the interface more exactly than the mDNS socket can (on Linux every mDNS socket
   *     also receives what arrives on other interfaces)
   */
  AnnouncementTracker(NodeId self, String meshId, DiscoveryListener listener,
      Function<List<InetAddress>, Optional<String>> interfaceOf) {
    this(self, meshId, listener, interfaceOf, new MdnsHearing(Ticker.system()));
  }

  /** As the other constructor, also telling {@code hearing} of our own and other meshes' records. */
  AnnouncementTracker(NodeId self, String meshId, DiscoveryListener listener,
      Function<List<InetAddress>, Optional<String>> interfaceOf, MdnsHearing hearing) {
    this.hearing = Objects.requireNonNull(hearing, "hearing");
    this.self = Objects.requireNonNull(self, "self");
    this.meshId = Objects.requireNonNull(meshId, "meshId");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.interfaceOf = Objects.requireNonNull(interfaceOf, "interfaceOf");
  }

  /** How many resolved records were malformed or of another protocol version, since start. */
  long rejectedCount() {
    return rejected.get();
  }

  /**
   * A service instance was resolved (or re-resolved) by the mDNS endpoint on {@code endpoint}.
   */
  void resolved(String endpoint, String instance, byte[] txt, int port, List<InetAddress> addresses) {
    Announcement announcement;
    try {
      String interfaceName = interfaceOf.apply(addresses).orElse(endpoint);
      announcement = AnnouncementCodec.decode(txt, port, addresses, interfaceName);
    } catch (AnnouncementRejectedException e) {
      reject(endpoint, instance, e);
      return;
    }
    if (announcement.nodeId().equals(self)) {
      hearing.heardSelf();
      return;
    }
    if (!announcement.meshId().equals(meshId)) {
      hearing.heardOtherMesh(announcement);
      removed(endpoint, instance); // in case this instance was of our mesh before
      reportOnce(announcement.nodeId() + "/" + announcement.meshId(), () -> log.info(
          "Ignoring node {} ({}) on {}: it belongs to mesh {}, this node to mesh {}",
          announcement.nodeId().shortForm(), TxtCodec.printable(announcement.name()),
          announcement.interfaceName(), announcement.meshId(), meshId));
      return;
    }
    InstanceKey key = new InstanceKey(endpoint, instance);
    NodeId previous = instances.put(key, announcement.nodeId());
    if (previous != null && !previous.equals(announcement.nodeId())) {
      // The same instance name now stands for another node (a reinstalled machine): the old
      // one is gone from here.
      withdraw(previous, endpoint);
    }
    Map<String, Announcement> byInterface = nodes.computeIfAbsent(announcement.nodeId(), id -> new LinkedHashMap<>());
    Announcement before = byInterface.put(endpoint, announcement);
    if (!announcement.equals(before)) {
      log.debug("mDNS: {} ({}) at {} on {}", announcement.nodeId().shortForm(), announcement.name(),
          announcement.addresses(), announcement.interfaceName());
      deliver(() -> listener.announced(announcement));
    }
  }

  /** A service instance's records were withdrawn (goodbye) or expired on {@code endpoint}. */
  void removed(String endpoint, String instance) {
    NodeId id = instances.remove(new InstanceKey(endpoint, instance));
    if (id != null) {
      withdraw(id, endpoint);
    }
  }

  /** Our endpoint on {@code endpoint} closed: whatever only it saw is gone. */
  void endpointClosed(String endpoint) {
    List<InstanceKey> keys = new ArrayList<>();
    instances.keySet().stream().filter(k -> k.endpoint().equals(endpoint)).forEach(keys::add);
    for (InstanceKey key : keys) {
      withdraw(instances.remove(key), endpoint);
    }
  }

  private void withdraw(NodeId id, String endpoint) {
    Map<String, Announcement> byInterface = nodes.get(id);
    if (byInterface == null || byInterface.remove(endpoint) == null || !byInterface.isEmpty()) {
      return;
    }
    nodes.remove(id);
    log.debug("mDNS: {} withdrawn", id.shortForm());
    deliver(() -> listener.goodbye(id));
  }

  private void reject(String endpoint, String instance, AnnouncementRejectedException e) {
    if (e.reason() == Reason.INCOMPLETE) {
      log.debug("mDNS: {} on {} {}", TxtCodec.printable(instance), endpoint, e.getMessage());
      return;
    }
    rejected.incrementAndGet();
    reportOnce(endpoint + "/" + instance + "/" + e.getMessage(), () -> log.warn(
        "Ignoring the mDNS announcement '{}' on {}: {}{}", TxtCodec.printable(instance), endpoint,
        e.getMessage(), e.reason() == Reason.INCOMPATIBLE_VERSION ? "; upgrade the older node" : ""));
  }

  /** Runs {@code report} the first time {@code key} is seen (then logs stay quiet). */
  private void reportOnce(String key, Runnable report) {
    if (reported.size() >= MAX_REMEMBERED_REJECTIONS) {
      reported.clear();
    }
    if (reported.add(key.toLowerCase(Locale.ROOT))) {
      report.run();
    }
  }

  private static void deliver(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.error("A discovery listener failed; discovery goes on", e);
    }
  }

  private record InstanceKey(String endpoint, String instance) {
    InstanceKey {
      instance = instance.toLowerCase(Locale.ROOT);
    }
  }
}
