package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.StreamedResult;
import java.io.IOException;
import java.io.InputStream;

/** Calls a task of one peer with a streamed payload: an agent's link, or the local API. */
@FunctionalInterface
public interface StreamCaller {

  /**
   * Calls {@code task} with {@code payload} (read to its end and closed by the call).
   *
   * @return the result, whose payload the caller reads and closes
   * @throws IOException when the call cannot be made or is interrupted
   */
  StreamedResult call(String task, InputStream payload) throws IOException;
}
