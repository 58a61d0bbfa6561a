package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.discovery.LocalInterface;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorTest {

  private static final Ports DEFAULTS = new Ports(47200, 47201);

  /** A healthy machine: eth0 with a default route, empty firewall, no agent unless given. */
  private static class RecordedFacts implements Facts {
    Optional<AgentView> agent = Optional.empty();
    String nft = "{\"nftables\": [{\"metainfo\": {}}]}";
    boolean iptablesInstalled = false;

    @Override
    public List<LocalInterface> interfaces() {
      return List.of(new LocalInterface("lo", true, true, true, false, "", List.of()),
          new LocalInterface("eth0", true, false, true, false, "02:00:00:00:00:01", List.of()));
    }

    @Override
    public String procNetRoute() {
      return "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
          + "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";
    }

    @Override
    public String nftRuleset() {
      return nft;
    }

    @Override
    public String iptablesSave() throws Unavailable {
      if (!iptablesInstalled) {
        throw new Unavailable("iptables-save is not installed");
      }
      return "*filter\n-A INPUT -p tcp -m tcp --dport 47201 -j DROP\nCOMMIT\n";
    }

    @Override
    public List<Socket> sockets() {
      return List.of(new Socket("udp", 47200, 1), new Socket("tcp", 47201, 2));
    }

    @Override
    public Map<Long, PortOwnerCheck.Owner> socketOwners() {
      return Map.of(1L, new PortOwnerCheck.Owner(10, "java"), 2L, new PortOwnerCheck.Owner(10, "java"));
    }

    @Override
    public Optional<AgentView> agent() throws IOException {
      return agent;
    }

    @Override
    public AgentCheck.LinkProbe linkProbe() {
      return address -> true;
    }
  }

  @Test
  void diagnose_healthyMachineAndAgent_findsNothing() {
    RecordedFacts facts = new RecordedFacts();
    facts.agent = Optional.of(Fixtures.view(0, 0, List.of()));
    Diagnosis diagnosis = new Doctor(facts).diagnose(DEFAULTS);
    assertEquals(List.of(), diagnosis.findings());
    assertFalse(diagnosis.hasProblems());
    assertTrue(diagnosis.agentRunning());
    assertEquals("iptables-save is not installed", diagnosis.skipped().get("iptables"));
  }

  @Test
  void diagnose_agentRunning_checksItsPortsNotTheDefaults() {
    RecordedFacts facts = new RecordedFacts();
    facts.agent = Optional.of(Fixtures.view(0, 0, List.of()));
    facts.iptablesInstalled = true;
    Diagnosis diagnosis = new Doctor(facts).diagnose(DEFAULTS);
    assertEquals(new Ports(47200, 47201), diagnosis.ports());
    assertEquals(List.of("firewall-link-port"), diagnosis.findings().stream().map(Finding::code).toList());
  }

  @Test
  void diagnose_noAgent_reportsItAndStillChecksTheMachine() {
    RecordedFacts facts = new RecordedFacts();
    facts.nft = "{\"nftables\": [{\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"in\","
        + " \"handle\": 3, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\":"
        + " {\"protocol\": \"udp\", \"field\": \"dport\"}}, \"right\": 5353}}, {\"drop\": null}]}}]}";
    Diagnosis diagnosis = new Doctor(facts).diagnose(DEFAULTS);
    assertEquals(List.of("agent-not-running", "firewall-mdns", "port-taken-ping", "port-taken-link"),
        diagnosis.findings().stream().map(Finding::code).toList());
    assertTrue(diagnosis.hasProblems());
    assertFalse(diagnosis.agentRunning());
  }

  @Test
  void diagnose_agentDoesNotAnswer_skipsItsChecksWithTheReason() {
    RecordedFacts facts = new RecordedFacts() {
      @Override
      public Optional<AgentView> agent() throws IOException {
        throw new IOException("timed out after 5 s");
      }
    };
    Diagnosis diagnosis = new Doctor(facts).diagnose(DEFAULTS);
    assertEquals("the agent did not answer: timed out after 5 s", diagnosis.skipped().get("agent"));
  }
}
