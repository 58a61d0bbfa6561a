package dev.echomesh.tools.bench;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * echomesh: two agents in this process, on loopback, the client calling the server's built-in
 * {@code echo} task through the public agent API ({@link Agent#call}) over their one link
 * (mutual TLS 1.3 with the benchmark's node credentials).
 */
final class EchomeshEcho implements EchoTarget {

  static final String TASK = "echo";

  /** How long the client may take to link to the server after both started. */
  private static final Duration LINK_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

  private final Agent server;
  private final Agent client;
  private final NodeId serverId;

  private EchomeshEcho(Agent server, Agent client) {
    this.server = server;
    this.client = client;
    this.serverId = server.nodeId();
  }

  /** Starts both agents and waits until the client's link to the server works. */
  static EchomeshEcho open(BenchCredentials credentials) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Agent server = Agents.start(config("bench-server", credentials.server(), credentials).bindAddress(loopback).build());
    Agent client = null;
    try {
      client =
          Agents.start(
              config("bench-client", credentials.client(), credentials)
                  .bindAddress(loopback)
                  .staticPeer(server.linkAddress())
                  .build());
      EchomeshEcho echo = new EchomeshEcho(server, client);
      echo.awaitLink();
      return echo;
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw e;
    }
  }

  private static AgentConfig.Builder config(String name, NodeCredentials node, BenchCredentials credentials) {
    return AgentConfig.lanDefaults()
        .name(name)
        .credentials(node)
        .meshSecrets(credentials.meshKey().secrets())
        .linkPort(0)
        .loadTaskPlugins(false);
  }

  /** Calls echo until one succeeds: the static peer is dialed in the background. */
  private void awaitLink() {
    long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
    TaskResult last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        last = client.call(serverId, TASK, new byte[] {1}, Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
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
  public String name() {
    return BenchReport.ECHOMESH;
  }

  @Override
  public String transport() {
    String tls =
        OpenSsl.isAvailable()
            ? "OpenSSL " + OpenSsl.versionString() + " via netty-tcnative"
            : "JDK (netty-tcnative unavailable: " + OpenSsl.unavailabilityCause() + ")";
    return "TLSv1.3 (" + tls + "), echomesh link frames, agent API call(\"" + TASK + "\")";
  }

  @Override
  public boolean pipelined() {
    return true;
  }

  @Override
  public byte[] call(byte[] payload, Duration timeout) throws Exception {
    TaskResult result = client.call(serverId, TASK, payload, timeout).get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
    return payloadOf(result);
  }

  @Override
  public CompletableFuture<byte[]> callAsync(byte[] payload) {
    return client.call(serverId, TASK, payload, BenchPlan.CALL_TIMEOUT).thenApply(EchomeshEcho::payloadOf);
  }

  private static byte[] payloadOf(TaskResult result) {
    if (!result.isOk()) {
      throw new BenchException("echo returned " + result);
    }
    return result.payload();
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
