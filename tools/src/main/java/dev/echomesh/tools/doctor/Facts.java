package dev.echomesh.tools.doctor;

import dev.echomesh.agent.discovery.LocalInterface;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checks read from the machine and the agent. {@link SystemFacts} reads the real ones;
 * tests give recorded ones. A method that cannot read its fact throws {@link Unavailable}, whose
 * message says why (the check is then reported as skipped, not passed).
 */
interface Facts {

  /** A fact that cannot be read here; the message says why, e.g. "nft is not installed". */
  final class Unavailable extends Exception {
    Unavailable(String why) {
      super(why);
    }
  }

  List<LocalInterface> interfaces() throws IOException;

  /** The text of {@code /proc/net/route}. */
  String procNetRoute() throws Unavailable;

  /** The output of {@code nft -j list ruleset}. */
  String nftRuleset() throws Unavailable;

  /** The output of {@code iptables-save}. */
  String iptablesSave() throws Unavailable;

  /** Listening TCP and all UDP sockets, IPv4 and IPv6. */
  List<Socket> sockets() throws Unavailable;

  /** Who holds each socket inode, as far as this user can see. */
  Map<Long, PortOwnerCheck.Owner> socketOwners();

  /** The running agent's view; empty when no agent runs for the data directory. */
  Optional<AgentView> agent() throws IOException;

  AgentCheck.LinkProbe linkProbe();
}
