package dev.echomesh.agent.control;

import java.io.InputStream;

/**
 * An endpoint that can take a request body too big to collect whole as a stream. The connection
 * collects a body as usual up to {@link ApiConnection#STREAM_BODY_ABOVE_BYTES}; a body that ends
 * before goes to {@link #handle} whole, a longer one (when {@link #streams} agrees) goes to
 * {@link #open} at once, its bytes read from {@code body} as they arrive. Runs on the
 * connection's event loop: must not block.
 */
interface StreamingEndpoint extends Endpoint {

  /** Whether a long body of this request (its head; the body is empty) may be streamed. */
  boolean streams(ApiRequest head);

  /**
   * Handles the request with its body as a stream, read on another thread; the body is closed by
   * whoever reads it, or when the exchange ends.
   *
   * @param head the request with an empty body
   * @throws ControlException to answer with that error (the exchange must then be unanswered)
   */
  void open(ApiRequest head, InputStream body, ApiExchange exchange) throws ControlException;
}
