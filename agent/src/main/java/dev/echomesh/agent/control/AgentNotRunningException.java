package dev.echomesh.agent.control;

import java.io.IOException;
import java.nio.file.Path;

/**
 * No agent answers on the control socket of a data directory: none was started, or it stopped (a
 * socket file left by a crashed agent refuses connections the same way).
 */
public final class AgentNotRunningException extends IOException {

  private final Path dataDir;

  public AgentNotRunningException(Path dataDir, Throwable cause) {
    super("no agent running for data dir " + dataDir, cause);
    this.dataDir = dataDir;
  }

  /** The data directory whose agent was looked for. */
  public Path dataDir() {
    return dataDir;
  }
}
