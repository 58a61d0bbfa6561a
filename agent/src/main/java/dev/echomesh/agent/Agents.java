package dev.echomesh.agent;

import java.io.IOException;

/** Starts agents. */
public final class Agents {

  private Agents() {}

  /**
   * Starts an agent: binds its link listener, loads its tasks, and begins dialing its static
   * peers in the background. Returns once it listens.
   *
   * @throws IOException when the link listener cannot bind (port in use, address not local),
   *     TLS cannot be set up with the configured credentials, or the data directory's
   *     {@code denied-nodes} file cannot be read or holds a line that is not a node ID
   * @throws IllegalArgumentException when tasks registered in code conflict (two with one name);
   *     a {@link dev.echomesh.agent.settings.SettingException} with key {@code tasks.NAME} when
   *     an allow-list names a task that does not exist
   * @throws IllegalStateException when a task plugin cannot be loaded
   */
  public static Agent start(AgentConfig config) throws IOException {
    return RealAgent.start(config);
  }
}
