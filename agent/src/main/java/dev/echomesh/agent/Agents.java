package dev.echomesh.agent;

import java.io.IOException;

/** Starts agents. */
public final class Agents {

  private Agents() {}

  /**
   * Starts an agent: binds its link listener, loads its tasks, and begins dialing its static
   * peers in the background. Returns once it listens.
   *
   * @throws IOException when the link listener cannot bind (port in use, address not local)
   *     or TLS cannot be set up with the configured credentials
   * @throws IllegalArgumentException when tasks conflict (two with one name, an allow-list for
   *     a task that does not exist)
   * @throws IllegalStateException when a task plugin cannot be loaded
   */
  public static Agent start(AgentConfig config) throws IOException {
    return RealAgent.start(config);
  }
}
