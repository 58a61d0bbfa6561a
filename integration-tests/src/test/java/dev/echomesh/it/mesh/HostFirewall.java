package dev.echomesh.it.mesh;

import dev.echomesh.tools.lan.ExecResult;
import dev.echomesh.tools.lan.VirtualHost;
import java.util.Optional;

/**
 * Packet loss and partitions on one host of a virtual LAN, made with nftables rules in the host's
 * own network namespace: every packet in and out of its LAN interface is dropped at random with
 * the given probability ({@code numgen random mod 100 < PERCENT drop}), or all of them.
 *
 * <p>Why nftables and not {@code tc qdisc ... netem loss}: netem needs the kernel module {@code
 * sch_netem}, which kernels built without it (as on the CI machine) lack, so {@code tc} fails
 * there. nftables needs only {@code nf_tables}, and works in a network namespace owned by the
 * LAN's user namespace, where the test is root (CAP_NET_ADMIN). Loopback and the Unix control
 * sockets are never affected. The rules live in a table of their own, replaced in one atomic
 * transaction by each change, so the host is never without rules half-way through.
 */
final class HostFirewall {

  private static final String TABLE = "inet echomesh_faults";

  private final VirtualHost host;

  private HostFirewall(VirtualHost host) {
    this.host = host;
  }

  /** The firewall of {@code host}, with no rules yet. */
  static HostFirewall of(VirtualHost host) {
    return new HostFirewall(host);
  }

  /**
   * Why nftables rules cannot be set in {@code host}, or empty when they can (a table is made and
   * removed to find out). Debian package {@code nftables} provides {@code nft}.
   */
  static Optional<String> unavailableOn(VirtualHost host) {
    ExecResult probe = host.exec("nft", "add table " + TABLE + "\ndelete table " + TABLE);
    if (probe.ok()) {
      return Optional.empty();
    }
    return Optional.of("nft cannot set rules in " + host.name() + " (exit " + probe.exitCode() + ": "
        + probe.stderr().strip() + "); install nftables (apt-get install nftables)");
  }

  /**
   * Drops each packet in and out of the host's LAN interface with probability {@code percent}
   * per cent, independently, replacing any rules set before.
   *
   * @throws IllegalArgumentException unless {@code percent} is in [1, 100]
   */
  void dropAtRandom(int percent) {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("percent must be in [1, 100], got " + percent);
    }
    String match = percent == 100 ? "" : " numgen random mod 100 < " + percent;
    String lan = '"' + host.interfaceName() + '"';
    apply(String.join("\n",
        "add chain " + TABLE + " input { type filter hook input priority 0; policy accept; }",
        "add chain " + TABLE + " output { type filter hook output priority 0; policy accept; }",
        "add rule " + TABLE + " input iifname " + lan + match + " drop",
        "add rule " + TABLE + " output oifname " + lan + match + " drop"));
  }

  /** Drops every packet in and out of the host's LAN interface: the host is cut off, its link up. */
  void dropAll() {
    dropAtRandom(100);
  }

  /** Removes every rule (and the table): the host's traffic passes again. */
  void clear() {
    apply("");
  }

  private void apply(String rules) {
    // "add table" makes the delete valid when there is no table yet; all of it is one transaction.
    String transaction = "add table " + TABLE + "\ndelete table " + TABLE
        + (rules.isEmpty() ? "" : "\nadd table " + TABLE + "\n" + rules);
    host.exec("nft", transaction).requireSuccess();
  }

  @Override
  public String toString() {
    return "firewall of " + host.name();
  }
}
