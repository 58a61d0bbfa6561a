package dev.echomesh.agent.testing;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.control.ControlConfig;
import dev.echomesh.agent.control.ControlServer;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Two members of a new mesh linked on loopback ({@link LoopbackAgents#linkedPair}), {@code a}
 * serving its local API with the default {@link ControlConfig} on the control socket in {@link
 * #dirA()} (programs that serve tasks through it are {@code a}'s tasks). One per test:
 *
 * <pre>{@code
 * pair = ApiLoopbackPair.start(temp.resolve("a"));      // in @BeforeEach
 * try (ControlClient client = ControlClient.connect(pair.dirA())) { ... }
 * pair.close();                                          // in @AfterEach
 * }</pre>
 */
public final class ApiLoopbackPair implements AutoCloseable {

  private final LoopbackAgents agents = new LoopbackAgents();
  private final Path dirA;
  private final ControlServer server;
  private Agent a;
  private Agent b;

  private ApiLoopbackPair(Path dirA) throws IOException {
    this.dirA = dirA;
    this.server = ControlServer.bind(dirA, ControlConfig.defaults());
  }

  /**
   * Binds the control socket in {@code dirA}, starts {@code b} and {@code a} and waits until they
   * are linked both ways, then serves the API about {@code a}; on a failure, stops what it started.
   */
  public static ApiLoopbackPair start(Path dirA) throws IOException {
    ApiLoopbackPair pair = new ApiLoopbackPair(dirA);
    try {
      pair.startAgents();
      return pair;
    } catch (RuntimeException e) {
      try {
        pair.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void startAgents() {
    TestMesh mesh = TestMeshes.newMesh();
    Agent[] pair =
        agents.linkedPair(
            mesh,
            LoopbackAgents.config(mesh, "a").externalTasks(server.externalTasks()),
            LoopbackAgents.config(mesh, "b"));
    a = pair[0];
    b = pair[1];
    server.start(a);
  }

  /** The data directory of {@code a}, where its control socket is. */
  public Path dirA() {
    return dirA;
  }

  /** The agent whose local API is served. */
  public Agent a() {
    return a;
  }

  /** {@code a}'s peer. */
  public Agent b() {
    return b;
  }

  /** Closes the local API, then stops both agents. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      agents.close();
    }
  }
}
