package dev.echomesh.agent.control;

import java.io.IOException;
import java.nio.file.Path;

/** Another agent already runs on this data directory; two would share one identity. */
public final class AgentAlreadyRunningException extends IOException {

  private final Path dataDir;
  private final long pid;

  /**
   * @param pid the running agent's process ID; 0 when unknown
   */
  public AgentAlreadyRunningException(Path dataDir, long pid) {
    super(
        "an agent is already running for data dir "
            + dataDir
            + (pid > 0 ? " (pid " + pid + ")" : "")
            + ": stop it first, or give this one another --data-dir");
    this.dataDir = dataDir;
    this.pid = pid;
  }

  /** The data directory in use. */
  public Path dataDir() {
    return dataDir;
  }

  /** The running agent's process ID; 0 when unknown. */
  public long pid() {
    return pid;
  }
}
