package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.transfer.StreamCaller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Streamed calls to one peer through the local agent's API, over one connection kept for the
 * calls that follow. After a call that was refused or failed the connection is dropped and the
 * next call makes a new one: the agent closes the connection of a call it answered before the
 * whole request body arrived. Not thread-safe: one sending thread.
 */
final class AgentCaller implements StreamCaller, AutoCloseable {

  private final Path agentDir;
  private final String peer;
  private final Duration timeout;
  private ControlClient client;

  /** @param timeout the longest time each call may take */
  AgentCaller(Path agentDir, String peer, Duration timeout) {
    this.agentDir = agentDir;
    this.peer = peer;
    this.timeout = timeout;
  }

  @Override
  public StreamedResult call(String task, InputStream payload) throws IOException {
    if (client == null) {
      client = ControlClient.connect(agentDir);
    }
    try {
      StreamedResult result = client.callStreaming(peer, task, payload, timeout);
      if (!result.isOk()) {
        close();
      }
      return result;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
