package dev.echomesh.tools.doctor;

/**
 * A firewall rule that drops or rejects traffic echomesh needs.
 *
 * @param blocked what it blocks
 * @param where the firewall and chain, e.g. {@code nft inet filter input}
 * @param rule the rule, as the firewall prints it or close to it
 */
record BlockingRule(Blocked blocked, String where, String rule) {

  /** Traffic echomesh needs. */
  enum Blocked {
    MDNS, PING_PORT, LINK_PORT, MULTICAST
  }

  /** The finding for this rule; {@code remove} is the one-line command that deletes it. */
  Finding finding(Ports ports, String remove) {
    String what = switch (blocked) {
      case MDNS -> "mDNS (" + Ports.MDNS + "/udp)";
      case PING_PORT -> "the ping port (" + ports.udpPort() + "/udp)";
      case LINK_PORT -> "the link port (" + ports.linkPort() + "/tcp)";
      case MULTICAST -> "multicast";
    };
    String code = switch (blocked) {
      case MDNS -> "firewall-mdns";
      case PING_PORT -> "firewall-ping-port";
      case LINK_PORT -> "firewall-link-port";
      case MULTICAST -> "firewall-multicast";
    };
    return Finding.problem(code, where + " drops " + what + ": " + rule, remove);
  }
}
