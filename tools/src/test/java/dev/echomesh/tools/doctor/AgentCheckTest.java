package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentCheckTest {

  private static final AgentCheck.LinkProbe ALL_ACCEPT = address -> true;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      healthy                         | 0  | 0  | ALIVE   | true  | true  |
      one stale after a restart       | 0  | 1  | ALIVE   | true  | true  |
      clock far off                   | 0  | 3  | ALIVE   | true  | true  | clock-skew
      another mesh's pings            | 3  | 0  | ALIVE   | true  | true  | other-mesh
      heard, never pinged             | 0  | 0  | DEAD    | false | true  | pings-not-arriving
      pinged once, now suspect        | 0  | 0  | SUSPECT | true  | true  | pings-not-arriving
      left cleanly                    | 0  | 0  | LEFT    | true  | false |
      link port refuses               | 0  | 0  | ALIVE   | true  | false | link-unreachable
      dead peer's link not probed     | 0  | 0  | DEAD    | true  | false | pings-not-arriving
      """)
  void check_agentViews_nameTheCause(String name, long badMac, long stale, PeerState state,
      boolean pinged, boolean linkAccepts, String expected) {
    AgentView view = Fixtures.view(badMac, stale,
        List.of(Fixtures.peer("pi", state, pinged, "198.18.0.2")));
    List<Finding> findings = AgentCheck.check(view, address -> linkAccepts);
    assertEquals(expected == null ? List.of() : List.of(expected),
        findings.stream().map(Finding::code).toList(), name);
  }

  @Test
  void check_linkProbe_triesEveryAddressOnTheLinkPort() {
    List<String> tried = new ArrayList<>();
    Peer peer = Fixtures.peer("pi", PeerState.ALIVE, true, "198.18.0.2");
    AgentCheck.check(Fixtures.view(0, 0, List.of(peer)), address -> {
      tried.add(address.getAddress().getHostAddress() + ":" + address.getPort());
      return false;
    });
    assertEquals(List.of("198.18.0.2:47201"), tried);
  }

  @Test
  void check_badMacLongAgoButNoneNow_findsNothing() {
    AgentView view = new AgentView(Fixtures.status(500, 500), List.of(),
        AgentView.growth(Fixtures.status(500, 500).liveness(), Fixtures.status(500, 500).liveness()));
    assertEquals(List.of(), AgentCheck.check(view, ALL_ACCEPT));
  }

  @Test
  void check_neverPinged_blamesClientIsolation() {
    Finding finding = AgentCheck.check(Fixtures.view(0, 0,
        List.of(Fixtures.peer("pi", PeerState.DEAD, false, "198.18.0.2"))), ALL_ACCEPT).get(0);
    assertTrue(finding.problem().contains("none of its pings ever arrived"), finding.problem());
    assertTrue(finding.fix().contains("client (AP) isolation"), finding.fix());
  }
}
