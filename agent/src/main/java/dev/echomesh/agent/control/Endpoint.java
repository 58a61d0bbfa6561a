package dev.echomesh.agent.control;

/**
 * Answers the requests of one route of the local API. Runs on the connection's event loop: must not
 * block; slow work completes the {@link ApiExchange} later, from a future.
 */
@FunctionalInterface
interface Endpoint {

  /**
   * @throws ControlException to answer with that error (the exchange must then be unanswered)
   */
  void handle(ApiRequest request, ApiExchange exchange) throws ControlException;
}
