package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The agent's local control socket: how the {@code echomesh} command line on this machine talks to
 * a running agent (protocol: {@code proto/src/main/proto/control.proto}).
 *
 * <p>A Unix domain socket {@value ControlSocket#SOCKET_FILE_NAME} in the data directory, usable by
 * the owner only (socket 0600, directory 0700). {@link #bind} also takes the data directory's agent
 * lock, so a second agent on the same directory fails fast, before it opens any port; a socket file
 * left behind by a crashed agent is replaced.
 *
 * <p>Typical life: {@code bind} before starting the agent, {@link #start} once it runs; on shutdown
 * {@link #stopAccepting}, then close the agent (so calls in flight get their results), then {@link
 * #close}.
 */
public interface ControlServer extends AutoCloseable {

  /**
   * Takes {@code dataDir}'s agent lock and binds its control socket; creates the directory (0700)
   * when missing. Connections wait until {@link #start}.
   *
   * @throws AgentAlreadyRunningException when another agent runs on {@code dataDir}
   * @throws IOException when the socket cannot be bound (the message says why)
   */
  static ControlServer bind(Path dataDir, ControlConfig config) throws IOException {
    return UnixControlServer.bind(dataDir, config);
  }

  /** The socket's path. */
  Path socketPath();

  /**
   * Starts serving requests about {@code agent}. Call once.
   *
   * @throws IllegalStateException when already started or closed
   */
  void start(Agent agent);

  /**
   * Stops taking connections and removes the socket file, so new commands see no agent; open
   * connections are answered SHUTTING_DOWN for new requests. Idempotent.
   */
  void stopAccepting();

  /** How many requests were dropped as malformed or too large since start. */
  long malformedRequests();

  /**
   * Stops accepting, closes idle connections and watch streams at once, lets requests in progress
   * finish up to {@link ControlConfig#shutdownTimeout()}, then closes the rest and releases the
   * data directory's lock. Idempotent.
   */
  @Override
  void close();
}
