package dev.echomesh.agent.discovery;

import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator which interfaces mDNS uses and why the others are skipped, each time that
 * changes (not at every poll). Not thread-safe: the control thread uses it.
 */
final class SelectionLog {

  private static final Logger log = LoggerFactory.getLogger(MdnsDiscoveryService.class);

  private String last = "";

  void report(InterfaceSelector.Selection selection) {
    List<String> used = selection.selected().stream().map(LocalInterface::name).toList();
    List<String> withoutIpv4 = selection.selected().stream().filter(n -> n.ipv4Addresses().isEmpty())
        .map(LocalInterface::name).toList();
    String skipped = selection.skipped().entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    String report = used + "|" + withoutIpv4 + "|" + skipped;
    if (report.equals(last)) {
      return;
    }
    last = report;
    if (used.isEmpty()) {
      log.warn("mDNS has no interface to use; skipped: {}. Name one with --interface NAME",
          skipped.isEmpty() ? "none found" : skipped);
      return;
    }
    log.info("mDNS interfaces: {}; skipped: {}", used, skipped.isEmpty() ? "none" : skipped);
    if (!withoutIpv4.isEmpty()) {
      log.info("mDNS waits for an IPv4 address on {}", withoutIpv4);
    }
  }
}
