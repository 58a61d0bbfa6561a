package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other only as DESIGN.md's package table says, so that
 * dependencies point one way: {@link #ALLOWED} is that table, and a new package must be added to
 * it before it builds.
 */
class PackageDependenciesTest {

  /** Helpers every package may use; they use no other echomesh package. */
  private static final Set<String> LEAVES =
      Set.of("agent.concurrent", "agent.io", "agent.logging", "agent.settings", "agent.time");

  /** Everything but the leaves: what {@code agent} wires and {@code agent.control} reads. */
  private static final Set<String> EVERY_LAYER =
      Set.of("agent", "agent.identity", "agent.discovery", "agent.liveness", "agent.peers", "agent.peers.internal",
          "agent.link", "agent.task", "agent.task.internal", "agent.task.command", "agent.task.file",
          "agent.task.transfer", "agent.control");

  /** For each package, the packages (besides the leaves) it may depend on. */
  static final Map<String, Set<String>> ALLOWED = allowed();

  private static Map<String, Set<String>> allowed() {
    Map<String, Set<String>> allowed = new TreeMap<>();
    allowed.put("agent", without(EVERY_LAYER, "agent", "agent.control")); // wiring; control starts it
    allowed.put("agent.control", without(EVERY_LAYER, "agent.control")); // reads everything, read by nothing
    allowed.put("agent.link", Set.of("agent.task", "agent.task.internal", "agent.identity"));
    allowed.put("agent.task", Set.of("agent.identity")); // the task API: SPI, requests, results, statuses
    allowed.put("agent.task.internal", Set.of("agent.task", "agent.identity")); // registry, executor, built-ins
    allowed.put("agent.task.command", Set.of("agent.task", "agent.task.internal", "agent.identity"));
    allowed.put("agent.task.transfer", Set.of("agent.task", "agent.task.file", "agent.identity"));
    allowed.put("agent.task.file", Set.of());
    allowed.put("agent.liveness", Set.of("agent.peers", "agent.identity"));
    allowed.put("agent.discovery", Set.of("agent.peers", "agent.identity"));
    allowed.put("agent.peers", Set.of("agent.identity")); // the peer API: Peer, PeerState, listeners
    allowed.put("agent.peers.internal", Set.of("agent.peers", "agent.identity")); // the peer table
    allowed.put("agent.identity", Set.of());
    LEAVES.forEach(leaf -> allowed.put(leaf, Set.of()));
    return allowed;
  }

  private static Set<String> without(Set<String> all, String... excluded) {
    Set<String> rest = new HashSet<>(all);
    List.of(excluded).forEach(rest::remove);
    return rest;
  }

  @Test
  void mainSources_everyDependency_isAllowedByTheTable() {
    Map<String, Set<String>> actual = PackageDependencies.read(Path.of("src", "main", "java"));

    assertTrue(actual.containsKey("agent.link"), "main sources not found from " + Path.of("").toAbsolutePath());
    assertEquals(List.of(), violations(actual));
  }

  @Test
  void table_followedAsDependencies_hasNoCycle() {
    assertEquals(List.of(), cycles(ALLOWED));
  }

  @Test
  void violations_taskImportingLink_isReported() {
    Map<String, Set<String>> dependencies = new HashMap<>();
    PackageDependencies.add("""
        package dev.echomesh.agent.task;

        import dev.echomesh.agent.identity.NodeId; // allowed
        import dev.echomesh.agent.link.CallHandler;
        """, dependencies);

    assertEquals(List.of("agent.task -> agent.link"), violations(dependencies));
  }

  @Test
  void violations_qualifiedNameInCode_isReportedButNotInComments() {
    Map<String, Set<String>> dependencies = new HashMap<>();
    PackageDependencies.add("""
        package dev.echomesh.agent.peers;

        /** Fed by {@link dev.echomesh.agent.liveness.LivenessService}. */
        class Table {
          // dev.echomesh.agent.discovery.DiscoveryService too
          dev.echomesh.agent.control.ControlServer server;
        }
        """, dependencies);

    assertEquals(List.of("agent.peers -> agent.control"), violations(dependencies));
  }

  @Test
  void violations_packageMissingFromTable_isReported() {
    Map<String, Set<String>> dependencies = Map.of("agent.newthing", Set.of("agent.time"));

    assertEquals(List.of("agent.newthing is not in the table of allowed dependencies"), violations(dependencies));
  }

  /** Each dependency the table does not allow, as "from -> to". */
  private static List<String> violations(Map<String, Set<String>> dependencies) {
    List<String> violations = new ArrayList<>();
    new TreeMap<>(dependencies).forEach((from, targets) -> {
      Set<String> allowed = ALLOWED.get(from);
      if (allowed == null) {
        violations.add(from + " is not in the table of allowed dependencies");
        return;
      }
      targets.stream()
          .filter(to -> !allowed.contains(to) && !LEAVES.contains(to))
          .sorted()
          .forEach(to -> violations.add(from + " -> " + to));
    });
    return violations;
  }

  /** The packages that can reach themselves through {@code graph}. */
  private static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> cyclic = new ArrayList<>();
    for (String start : graph.keySet()) {
      Set<String> seen = new HashSet<>();
      List<String> frontier = new ArrayList<>(graph.get(start));
      while (!frontier.isEmpty()) {
        String next = frontier.remove(frontier.size() - 1);
        if (next.equals(start)) {
          cyclic.add(start);
          break;
        }
        if (seen.add(next)) {
          frontier.addAll(graph.getOrDefault(next, Set.of()));
        }
      }
    }
    return cyclic;
  }
}
