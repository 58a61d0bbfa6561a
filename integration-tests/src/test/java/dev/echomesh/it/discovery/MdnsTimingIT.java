package dev.echomesh.it.discovery;

import static dev.echomesh.it.discovery.DiscoveryNode.PATIENCE;
import static org.awaitility.Awaitility.await;

import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.it.lan.VirtualLan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Five hosts of one mesh start at once and must all find each other by mDNS; then one stops
 * cleanly and the four others must see its goodbye. Prints jmdns's timings (quoted in the
 * DiscoveryService javadoc); asserts only the outcomes, never the times.
 */
@RequiresVirtualLan
class MdnsTimingIT {

  private static final int HOSTS = 5;
  private static final String MESH = "meshaaaaaaaaaaaa";

  @Test
  void fiveHosts_allFindEachOther_cleanStopReachesAll() {
    try (VirtualLan lan = VirtualLan.create(HOSTS)) {
      List<DiscoveryNode> nodes = new ArrayList<>();
      for (int i = 1; i <= HOSTS; i++) {
        nodes.add(DiscoveryNode.start(lan.host(i), "node" + i, MESH, Duration.ofSeconds(5)));
      }
      await().atMost(PATIENCE).until(() -> nodes.stream().allMatch(
          observer -> nodes.stream().allMatch(other -> other == observer || observer.heardOf(other))));

      List<Long> resolve = new ArrayList<>();
      for (DiscoveryNode observer : nodes) {
        for (DiscoveryNode other : nodes) {
          if (other != observer) {
            long at = Long.parseLong(observer.latestAnnouncementOf(other).orElseThrow()[9]);
            resolve.add(at - other.startedAt());
          }
        }
      }

      DiscoveryNode leaving = nodes.get(HOSTS - 1);
      List<DiscoveryNode> staying = nodes.subList(0, HOSTS - 1);
      leaving.process().stop();
      long stoppingAt = Long.parseLong(leaving.line("stopping ").orElseThrow().split(" ")[1]);
      String stopped = leaving.line("stopped ").orElseThrow();
      await().atMost(PATIENCE).until(() -> staying.stream().allMatch(n -> n.line("goodbye " + leaving.id()).isPresent()));
      List<Long> removal = new ArrayList<>();
      for (DiscoveryNode observer : staying) {
        removal.add(Long.parseLong(observer.line("goodbye " + leaving.id()).orElseThrow().split(" ")[2]) - stoppingAt);
      }

      System.out.println("jmdns, " + HOSTS + " hosts: start -> resolved at each other host (ms): " + summary(resolve));
      System.out.println("jmdns: clean stop -> removal at the others (ms): " + summary(removal)
          + "; stop() " + stopped.substring(stopped.indexOf("after")));
    }
  }

  private static String summary(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return "min " + sorted.get(0) + ", median " + sorted.get(sorted.size() / 2) + ", max "
        + sorted.get(sorted.size() - 1) + " (n=" + sorted.size() + ")";
  }
}
