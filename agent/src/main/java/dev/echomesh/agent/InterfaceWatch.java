package dev.echomesh.agent;

import dev.echomesh.agent.discovery.InterfaceSelector;
import dev.echomesh.agent.discovery.InterfaceSource;
import dev.echomesh.agent.discovery.LocalAddress;
import dev.echomesh.agent.discovery.LocalInterface;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one enumeration of this machine's interfaces that mDNS and broadcast pings share: refreshed
 * on the agent's tick thread, read by anyone. Discovery lists interfaces through it (as its
 * {@link InterfaceSource}); liveness gets the selected IPv4 subnets in its own terms
 * ({@link dev.echomesh.agent.liveness.LocalInterface}), converted here so that neither leaf
 * package knows the other.
 */
final class InterfaceWatch implements InterfaceSource {

  private static final Logger log = LoggerFactory.getLogger(InterfaceWatch.class);

  private final InterfaceSource system;
  private final InterfaceSelector selector;
  private volatile List<LocalInterface> all = List.of();
  private volatile List<dev.echomesh.agent.liveness.LocalInterface> subnets = List.of();
  private boolean failureReported;
  private String lastReport = "";

  InterfaceWatch(InterfaceSource system, InterfaceSelector selector) {
    this.system = system;
    this.selector = selector;
  }

  /** Lists the interfaces again; keeps the previous list when the OS cannot be asked. */
  synchronized void refresh() {
    List<LocalInterface> now;
    try {
      now = system.interfaces();
    } catch (IOException e) {
      if (!failureReported) {
        failureReported = true;
        log.warn("cannot list network interfaces ({}); pings keep going to the previous ones", e.toString());
      }
      return;
    }
    failureReported = false;
    all = List.copyOf(now);
    subnets = subnetsOf(selector.select(now).selected());
    String report = subnets.stream().map(s -> s.name() + " " + s.address().getHostAddress() + "/" + s.prefixLength())
        .toList().toString();
    if (!report.equals(lastReport)) {
      lastReport = report;
      if (subnets.isEmpty()) {
        log.warn("no selected interface has an IPv4 address: pings reach only peers known by address");
      } else {
        log.info("liveness subnets: {}", report);
      }
    }
  }

  /** The interfaces as last listed (for discovery, which selects among them with the same rules). */
  @Override
  public List<LocalInterface> interfaces() {
    return all;
  }

  /** The IPv4 subnets of the selected interfaces as last listed. */
  List<dev.echomesh.agent.liveness.LocalInterface> subnets() {
    return subnets;
  }

  /** Each IPv4 address of each selected interface, as the liveness layer describes a subnet. */
  static List<dev.echomesh.agent.liveness.LocalInterface> subnetsOf(List<LocalInterface> selected) {
    List<dev.echomesh.agent.liveness.LocalInterface> result = new ArrayList<>();
    for (LocalInterface nic : selected) {
      for (LocalAddress address : nic.addresses()) {
        if (address.address() instanceof Inet4Address) {
          // A MAC longer than a ping carries (InfiniBand: 20 bytes) is left out of pings.
          String mac = nic.mac().length() <= MAX_PING_MAC_CHARS ? nic.mac() : "";
          result.add(new dev.echomesh.agent.liveness.LocalInterface(
              nic.name(), mac, address.address(), address.prefixLength()));
        }
      }
    }
    return List.copyOf(result);
  }

  /** Longest MAC text a ping carries (the liveness codec's limit). */
  static final int MAX_PING_MAC_CHARS = 64;
}
