package dev.echomesh.tools.doctor;

import dev.echomesh.agent.discovery.InterfaceSelector;
import dev.echomesh.agent.discovery.LocalInterface;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Runs every check of {@code echomesh doctor} over {@link Facts}. Checks that need no agent
 * (interfaces, routes, firewall, port owners) run even when none runs; then "the agent is not
 * running" is itself a finding.
 */
public final class Doctor {

  private final Facts facts;

  Doctor(Facts facts) {
    this.facts = facts;
  }

  /** A doctor over this machine and the agent of {@code dataDir}. */
  public static Doctor forSystem(java.nio.file.Path dataDir) {
    return new Doctor(new SystemFacts(dataDir));
  }

  /**
   * @param defaults the ports to check when no agent runs (the agent's configured defaults)
   */
  public Diagnosis diagnose(Ports defaults) {
    List<Finding> findings = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Optional<AgentView> agent;
    try {
      agent = facts.agent();
    } catch (IOException e) {
      agent = Optional.empty();
      skipped.put("agent", "the agent did not answer: " + e.getMessage());
    }
    Ports ports = agent.map(a -> new Ports(a.status().udpPort(), linkPort(a, defaults)))
        .orElse(defaults);
    if (agent.isEmpty() && !skipped.containsKey("agent")) {
      findings.add(Finding.problem("agent-not-running", "no agent runs for this data directory",
          "start it: echomesh agent (or systemctl start echomesh)"));
    }
    Set<String> usable = Set.of();
    try {
      List<LocalInterface> interfaces = facts.interfaces();
      usable = InterfaceSelector.defaults().select(interfaces).selectedNames();
      findings.addAll(InterfaceCheck.check(interfaces));
    } catch (IOException e) {
      skipped.put("interfaces", "cannot list interfaces: " + e.getMessage());
    }
    try {
      findings.addAll(MulticastRouteCheck.check(facts.procNetRoute(), usable));
    } catch (Facts.Unavailable e) {
      skipped.put("multicast-route", e.getMessage());
    }
    firewall(ports, findings, skipped);
    try {
      OptionalLong agentPid = agent.map(a -> OptionalLong.of(a.status().pid()))
          .orElse(OptionalLong.empty());
      findings.addAll(PortOwnerCheck.check(facts.sockets(), facts.socketOwners(), ports, agentPid));
    } catch (Facts.Unavailable e) {
      skipped.put("port-owners", e.getMessage());
    }
    if (agent.isPresent()) {
      findings.addAll(AgentCheck.check(agent.get(), facts.linkProbe()));
      findings.addAll(DiscoveryCheck.check(agent.get().discovery(), skipped));
    } else {
      skipped.putIfAbsent("agent", "no agent runs: peers, pings, clocks, links and mDNS not checked");
    }
    return new Diagnosis(findings, skipped, agent.isPresent(), ports);
  }

  private void firewall(Ports ports, List<Finding> findings, Map<String, String> skipped) {
    try {
      for (BlockingRule rule : NftRules.parse(facts.nftRuleset(), ports)) {
        findings.add(rule.finding(ports, NftRules.removal(rule)));
      }
    } catch (Facts.Unavailable e) {
      skipped.put("nftables", e.getMessage());
    } catch (IOException e) {
      skipped.put("nftables", "cannot read nft's JSON: " + e.getMessage());
    }
    try {
      for (BlockingRule rule : IptablesRules.parse(facts.iptablesSave(), ports)) {
        findings.add(rule.finding(ports, IptablesRules.removal(rule)));
      }
    } catch (Facts.Unavailable e) {
      skipped.put("iptables", e.getMessage());
    }
  }

  /** The port of the agent's link address ("0.0.0.0:7946", "[::]:7946"). */
  private static int linkPort(AgentView agent, Ports defaults) {
    String address = agent.status().linkAddress();
    try {
      return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return defaults.linkPort();
    }
  }
}
