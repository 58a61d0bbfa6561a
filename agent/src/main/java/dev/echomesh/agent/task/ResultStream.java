package dev.echomesh.agent.task;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a {@link StreamingTaskHandler} may stream the payload of an OK result, of any size,
 * without holding it whole: the bytes written go to the caller in chunks, as fast as the
 * caller reads them (a write blocks while the caller's window is full).
 */
public interface ResultStream {

  /**
   * Opens the result's payload, at most once. From then on the call's answer is OK with the
   * bytes written to the stream; closing the stream ends the payload. A handler that opened it
   * and then throws, or returns a result other than OK, ends the payload early: the caller's
   * read fails with that status. A stream the handler leaves open is closed when it returns.
   * Writes fail with {@link StreamFailedException} when the call ends first (cancelled, past its
   * deadline, link lost).
   *
   * @throws IllegalStateException when opened twice
   * @throws IOException when the call has already ended
   */
  OutputStream open() throws IOException;
}
