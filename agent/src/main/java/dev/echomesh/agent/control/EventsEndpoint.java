package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;

/**
 * {@code GET /v1/events}: a Server-Sent Events stream of peer changes and ended calls, first a
 * {@code peers} snapshot. Counts against the stream limit.
 */
final class EventsEndpoint implements Endpoint {

  private final Agent agent;
  private final EventHub hub;
  private final Slots streams;

  EventsEndpoint(Agent agent, EventHub hub, Slots streams) {
    this.agent = agent;
    this.hub = hub;
    this.streams = streams;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    if (!streams.tryAcquire()) {
      throw new ControlException(
          ControlError.BUSY,
          "the agent has " + streams.max() + " streams open; retry shortly");
    }
    SseStream stream = exchange.stream();
    exchange.onClose(
        () -> {
          hub.unsubscribe(stream);
          streams.release();
        });
    hub.subscribe(stream, agent::peers);
  }
}
