package dev.echomesh.tools.bench;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * echomesh: two agents in this process, on loopback, the client calling the server's built-in
 * {@code echo} task through the public agent API ({@link Agent#call}) over their one link
 * (mutual TLS 1.3 with the benchmark's node credentials).
 */
final class EchomeshEcho implements EchoTarget {

  static final String TASK = "echo";

  private final AgentPair agents;
  private final Agent client;
  private final NodeId serverId;

  private EchomeshEcho(AgentPair agents) {
    this.agents = agents;
    this.client = agents.client();
    this.serverId = agents.serverId();
  }

  /** Starts both agents and waits until the client's link to the server works. */
  static EchomeshEcho open(BenchCredentials credentials) throws IOException {
    return new EchomeshEcho(AgentPair.start(credentials));
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
    String sockets = Epoll.isAvailable() ? "epoll" : "NIO";
    return "TLSv1.3 (" + tls + "), " + sockets + ", echomesh link frames, agent API call(\"" + TASK + "\")";
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
    agents.close();
  }
}
