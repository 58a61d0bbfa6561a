package dev.echomesh.tools.bench;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Two agents in this process on loopback, with the benchmark's node credentials: the client
 * has the server as its static peer. Loopback-bound agents stay on this machine (no mDNS, no
 * broadcast pings; liveness on loopback, on an ephemeral port).
 */
final class AgentPair implements AutoCloseable {

  /** How long the client may take to link to the server after both started. */
  private static final Duration LINK_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

  private final Agent server;
  private final Agent client;

  private AgentPair(Agent server, Agent client) {
    this.server = server;
    this.client = client;
  }

  /** Starts both agents and returns once the client's calls reach the server. */
  static AgentPair start(BenchCredentials credentials) throws IOException {
    Agent server = Agents.start(config("bench-server", credentials.server(), credentials).build());
    Agent client = null;
    try {
      client =
          Agents.start(
              config("bench-client", credentials.client(), credentials)
                  .link(l -> l.staticPeer(server.linkAddress()))
                  .build());
      AgentPair pair = new AgentPair(server, client);
      pair.awaitLink();
      return pair;
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw e;
    }
  }

  private static AgentConfig.Builder config(String name, NodeCredentials node, BenchCredentials credentials) {
    return AgentConfig.loopbackDefaults()
        .name(name)
        .credentials(node)
        .meshSecrets(credentials.meshKey().secrets());
  }

  Agent client() {
    return client;
  }

  NodeId serverId() {
    return server.nodeId();
  }

  /** Calls echo until one succeeds: the static peer is dialed in the background. */
  private void awaitLink() {
    long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
    TaskResult last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        last = client.call(server.nodeId(), EchomeshEcho.TASK, new byte[] {1}, Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
        if (last.isOk()) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        throw new BenchException("the echomesh client agent's first call failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted while linking the agents", e);
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    throw new BenchException(
        "the echomesh client agent could not call the server within " + LINK_TIMEOUT.toSeconds() + " s: " + last);
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
