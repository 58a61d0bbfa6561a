package dev.echomesh.tools.bench;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.identity.MeshCa;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeKeys;
import dev.echomesh.agent.peers.Peer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An agent process for the virtual-LAN benchmark: starts an {@link Agent} with the LAN
 * defaults, a fresh node key and the mesh key of a file, and prints what it sees on standard
 * output, one event a line ({@code <event> <unix millis> [details]}):
 *
 * <pre>
 * jvm      MILLIS                    when this JVM started
 * starting MILLIS NODE_ID            right before Agents.start
 * started  MILLIS NODE_ID            Agents.start returned
 * peer     MILLIS NODE_ID STATE      a peer was added or changed state
 * </pre>
 *
 * <p>Usage: {@code LanAgentMain NAME MESH_KEY_FILE LIFETIME_SECONDS}. It stops cleanly on
 * SIGTERM and by itself after the lifetime, so it never outlives a benchmark.
 */
public final class LanAgentMain {

  private static final PrintStream OUT = System.out;

  private LanAgentMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LanAgentMain NAME MESH_KEY_FILE LIFETIME_SECONDS");
      System.exit(2);
    }
    event("jvm", ManagementFactory.getRuntimeMXBean().getStartTime(), "");
    String name = args[0];
    MeshKey meshKey = MeshKey.fromJoinCode(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII).strip());
    Duration lifetime = Duration.ofSeconds(Long.parseLong(args[2]));
    NodeCredentials credentials = MeshCa.fromMeshKey(meshKey).credentials(NodeKeys.generate(), name);
    AgentConfig config =
        AgentConfig.lanDefaults().name(name).credentials(credentials).meshSecrets(meshKey.secrets()).build();
    event("starting", System.currentTimeMillis(), credentials.nodeId().toString());
    Agent agent = Agents.start(config);
    printPeerChanges(agent);
    event("started", System.currentTimeMillis(), agent.nodeId().toString());
    runUntilStopped(agent, lifetime);
  }

  /**
   * Prints a {@code peer} event for each peer now and each state change from now on. The peer
   * table tells its listeners after each change, outside its lock, so two threads changing one
   * peer at once (the failure detector's tick and the receive thread) may tell them in the other
   * order: each change is printed, then the peer's state now when that differs, all under one
   * lock, so the last line printed for a peer is its state now, and the bench never reads a
   * stale SUSPECT for an ALIVE peer.
   */
  static void printPeerChanges(Agent agent) {
    Object printing = new Object();
    agent.addPeerListener(
        (before, after) -> {
          if (before == null || before.state() != after.state()) {
            synchronized (printing) {
              event("peer", System.currentTimeMillis(), after.id() + " " + after.state());
              agent.peers().stream()
                  .filter(p -> p.id().equals(after.id()) && p.state() != after.state())
                  .findFirst()
                  .ifPresent(now -> event("peer", System.currentTimeMillis(), now.id() + " " + now.state()));
            }
          }
        });
    synchronized (printing) {
      for (Peer peer : agent.peers()) {
        event("peer", System.currentTimeMillis(), peer.id() + " " + peer.state());
      }
    }
  }

  /** Runs until SIGTERM or the end of {@code lifetime}, then closes {@code agent} and exits. */
  static void runUntilStopped(Agent agent, Duration lifetime) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stop.countDown();
                },
                "bench-agent-stop"));
    if (!stop.await(lifetime.toMillis(), TimeUnit.MILLISECONDS)) {
      agent.close();
    }
    System.exit(0);
  }

  /** Prints one event line ({@code <kind> <unix millis> [details]}) and flushes it. */
  static synchronized void event(String kind, long millis, String details) {
    OUT.println(kind + " " + millis + (details.isEmpty() ? "" : " " + details));
    OUT.flush();
  }
}
