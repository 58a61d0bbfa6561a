package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.task.internal.ExternalTasks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.nio.file.Path;

/**
 * The agent's local API: HTTP/1.1 + JSON on a Unix domain socket, the one way the {@code echomesh}
 * command line and programs in any language talk to a running agent (docs/local-api.md).
 *
 * <p>The socket is {@value ControlSocket#SOCKET_FILE_NAME} in the data directory, usable by the
 * owner only (socket 0600, directory 0700). {@link #bind} also takes the data directory's agent
 * lock, so a second agent on the same directory fails fast, before it opens any port; a socket file
 * left behind by a crashed agent is replaced.
 *
 * <p>Typical life: {@code bind} before starting the agent (giving it {@link #externalTasks()}),
 * {@link #start} once it runs; on shutdown {@link #stopAccepting}, then close the agent (so calls in
 * flight get their results), then {@link #close}.
 */
public interface ControlServer extends AutoCloseable {

  /**
   * Takes {@code dataDir}'s agent lock and binds its control socket; creates the directory (0700)
   * when missing. Requests wait until {@link #start}.
   *
   * @throws AgentAlreadyRunningException when another agent runs on {@code dataDir}
   * @throws IOException when the socket cannot be bound (the message says why)
   */
  static ControlServer bind(Path dataDir, ControlConfig config) throws IOException {
    return HttpControlServer.bind(dataDir, config);
  }

  /**
   * Also serves the API, and the dashboard at {@code /}, on TCP at {@code address}, a loopback
   * address; every request there must pass the Host and Origin checks and carry the API token
   * ({@link ApiToken}, made in the data directory on first use). Call at most once, before {@link
   * #start}; off unless called.
   *
   * @param address a loopback address; port 0 takes a free port
   * @return the bound address
   * @throws IllegalArgumentException when {@code address} is not a loopback address
   * @throws IllegalStateException when already listening, started or closed
   * @throws IOException when it cannot be bound or the token cannot be read or made
   */
  InetSocketAddress listenTcp(InetSocketAddress address) throws IOException;

  /** The TCP listener's address; empty when it is off. */
  Optional<InetSocketAddress> tcpAddress();

  /** The socket's path. */
  Path socketPath();

  /**
   * The tasks programs serve through this API ({@code /v1/serve}), for {@code
   * AgentConfig.Builder#externalTasks}: the agent routes their calls here.
   */
  ExternalTasks externalTasks();

  /**
   * Starts serving requests about {@code agent}. Call once.
   *
   * @throws IllegalStateException when already started or closed
   */
  void start(Agent agent);

  /**
   * Stops taking connections and removes the socket file, so new commands see no agent; requests
   * on open connections are answered 503 shutting_down. Idempotent.
   */
  void stopAccepting();

  /**
   * Stops accepting, ends every stream (events, serve) at once, lets requests in progress finish up
   * to {@link ControlConfig#shutdownTimeout()}, then closes the rest and releases the data
   * directory's lock. Idempotent.
   */
  @Override
  void close();
}
