package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.PeerSelection.Candidate;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.testing.TestPeers;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerSelectionTest {

  private static final long U = PeerSelection.UNKNOWN;

  /** A candidate named {@code name}: RTT, calls in flight, CPU load, tags as "k=v" strings. */
  private static Candidate c(String name, long rtt, long calls, long cpu, String... tags) {
    Map<String, String> parsed = new java.util.TreeMap<>();
    for (String tag : tags) {
      String[] kv = tag.split("=", 2);
      parsed.put(kv[0], kv[1]);
    }
    return new Candidate(TestPeers.nodeId(name), rtt, calls, cpu, parsed);
  }

  private static List<String> names(List<NodeId> ids, List<Candidate> candidates) {
    return ids.stream().map(id -> candidates.stream()
        .filter(c -> c.id().equals(id)).findFirst().orElseThrow())
        .map(c -> nameOf(c.id())).toList();
  }

  private static String nameOf(NodeId id) {
    for (String n : List.of("a", "b", "c", "d")) {
      if (TestPeers.nodeId(n).equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException(id.toString());
  }

  static Stream<Arguments> table() {
    PeerSelector rtt = PeerSelector.leastRtt();
    PeerSelector load = PeerSelector.leastLoad();
    return Stream.of(
        Arguments.of("least RTT", rtt,
            List.of(c("a", 900, U, U), c("b", 100, U, U), c("c", 500, U, U)), List.of("b", "c", "a")),
        Arguments.of("least RTT, unmeasured last", rtt,
            List.of(c("a", U, U, U), c("b", 300, U, U)), List.of("b", "a")),
        Arguments.of("least load by calls in flight", load,
            List.of(c("a", 100, 5, 10), c("b", 900, 1, 900), c("c", 500, 3, 0)), List.of("b", "c", "a")),
        Arguments.of("least load, equal calls: lower CPU", load,
            List.of(c("a", 100, 2, 700), c("b", 900, 2, 100)), List.of("b", "a")),
        Arguments.of("least load, equal calls and CPU: lower RTT", load,
            List.of(c("a", 800, 2, 100), c("b", 200, 2, 100)), List.of("b", "a")),
        Arguments.of("least load, no load reported last", load,
            List.of(c("a", 100, U, U), c("b", 900, 7, 900)), List.of("b", "a")),
        Arguments.of("tag filter", rtt.withTag("role", "camera"),
            List.of(c("a", 100, U, U, "role=door"), c("b", 900, U, U, "role=camera"),
                c("c", 300, U, U, "role=camera", "room=hall"), c("d", 50, U, U)),
            List.of("c", "b")),
        Arguments.of("two tags", rtt.withTag("role", "camera").withTag("room", "hall"),
            List.of(c("b", 900, U, U, "role=camera"), c("c", 300, U, U, "role=camera", "room=hall")),
            List.of("c")),
        Arguments.of("no match", load.withTag("role", "printer"),
            List.of(c("a", 100, 1, 1, "role=camera")), List.of()),
        Arguments.of("no candidates", rtt, List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void order_table_bestFirst(String title, PeerSelector selector, List<Candidate> candidates, List<String> expected) {
    assertEquals(expected, names(PeerSelection.order(candidates, selector, new Random(1)), candidates));
  }

  @Test
  void order_random_triesEveryMatchingCandidateOnceInVaryingOrder() {
    List<Candidate> candidates = List.of(c("a", 1, 1, 1), c("b", 2, 2, 2), c("c", 3, 3, 3), c("d", 4, 4, 4, "x=y"));
    Set<List<NodeId>> orders = new HashSet<>();
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      List<NodeId> order = PeerSelection.order(candidates, PeerSelector.random(), random);
      assertEquals(4, new HashSet<>(order).size());
      orders.add(order);
    }
    assertTrue(orders.size() > 1, "random order never varied: " + orders);
    List<NodeId> tagged = PeerSelection.order(candidates, PeerSelector.random().withTag("x", "y"), random);
    assertEquals(Arrays.asList(TestPeers.nodeId("d")), tagged);
  }

  @Test
  void order_leastRttTies_areSharedAcrossCalls() {
    List<Candidate> candidates = List.of(c("a", 100, U, U), c("b", 100, U, U));
    Set<NodeId> firsts = new HashSet<>();
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      firsts.add(PeerSelection.order(candidates, PeerSelector.leastRtt(), random).get(0));
    }
    assertEquals(2, firsts.size());
  }

  @Test
  void withTag_severalTags_keptInKeyOrderForMessages() {
    PeerSelector selector = PeerSelector.random().withTag("room", "hall").withTag("role", "camera");
    assertEquals("{role=camera, room=hall}", selector.requiredTags().toString());
    assertEquals("{a=1, b=2}", new PeerSelector(PeerSelector.Strategy.RANDOM, Map.of("b", "2", "a", "1"))
        .requiredTags().toString());
  }
}
