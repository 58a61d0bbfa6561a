package dev.echomesh.tools.doctor;

import dev.echomesh.agent.discovery.InterfaceSelector;
import dev.echomesh.agent.discovery.LocalInterface;
import java.util.List;
import java.util.Map;

/**
 * Is there an interface the agent would use? Applies the agent's own rule ({@link
 * InterfaceSelector#defaults()}): up, multicast-capable, not loopback, not virtual or VPN.
 */
final class InterfaceCheck {

  private InterfaceCheck() {}

  static List<Finding> check(List<LocalInterface> interfaces) {
    InterfaceSelector.Selection selection = InterfaceSelector.defaults().select(interfaces);
    if (!selection.selected().isEmpty()) {
      return List.of();
    }
    StringBuilder skipped = new StringBuilder();
    for (Map.Entry<String, String> entry : selection.skipped().entrySet()) {
      skipped.append(skipped.length() > 0 ? "; " : "").append(entry.getKey()).append(": ")
          .append(entry.getValue());
    }
    return List.of(Finding.problem("no-usable-interface",
        "no usable network interface (" + (skipped.length() > 0 ? skipped : "none at all") + ")",
        "connect to the LAN (Wi-Fi or Ethernet), or name a virtual interface with"
            + " `echomesh agent --interface NAME`"));
  }
}
