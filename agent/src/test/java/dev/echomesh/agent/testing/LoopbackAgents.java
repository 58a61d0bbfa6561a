package dev.echomesh.agent.testing;

import static org.awaitility.Awaitility.await;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Agents on 127.0.0.1 with ephemeral ports ({@link AgentConfig#loopbackDefaults()}), closed together. Use one per test:
 *
 * <pre>{@code
 * try (LoopbackAgents agents = new LoopbackAgents()) {
 *   TestMesh mesh = TestMeshes.newMesh();
 *   Agent b = agents.start(LoopbackAgents.config(mesh, "b"));
 *   Agent a = agents.start(LoopbackAgents.config(mesh, "a").staticPeer(b.linkAddress()));
 *   agents.awaitLinked(a, b);
 * }
 * }</pre>
 */
public final class LoopbackAgents implements AutoCloseable {

  /** How long tests wait for agents to link: generous, for slow shared machines. */
  public static final Duration LINK_WAIT = Duration.ofSeconds(20);

  private final List<Agent> started = new ArrayList<>();

  /**
   * A member of {@code mesh} named {@code name} that never leaves this machine: links and UDP
   * liveness on 127.0.0.1 with ephemeral ports, no mDNS, no broadcast pings (peers, given as
   * static peers, are pinged by unicast), no plugins.
   */
  public static AgentConfig.Builder config(TestMesh mesh, String name) {
    return AgentConfig.loopbackDefaults()
        .name(name)
        .credentials(mesh.newNode(name))
        .meshSecrets(mesh.secrets());
  }

  /** UDP liveness bound to 127.0.0.1 on an ephemeral port, with the default timings. */
  public static LivenessConfig loopbackLiveness() {
    return LivenessConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
  }

  /** Starts an agent that {@link #close} will stop. */
  public Agent start(AgentConfig.Builder config) {
    try {
      Agent agent = Agents.start(config.build());
      started.add(agent);
      return agent;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code a} lists {@code b} among its peers. */
  public void awaitLinked(Agent a, Agent b) {
    await("agent " + a.name() + " lists " + b.name())
        .atMost(LINK_WAIT)
        .until(() -> a.peers().stream().anyMatch(p -> p.id().equals(b.nodeId())));
  }

  /** Two members of one mesh, {@code a} with {@code b} as static peer, linked both ways. */
  public Agent[] linkedPair(TestMesh mesh, AgentConfig.Builder a, AgentConfig.Builder b) {
    Agent second = start(b);
    Agent first = start(a.link(l -> l.staticPeer(second.linkAddress())));
    awaitLinked(first, second);
    awaitLinked(second, first);
    return new Agent[] {first, second};
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Agent agent : started) {
      try {
        agent.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    started.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
