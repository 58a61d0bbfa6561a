package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.ConfigException;

/**
 * {@code POST /v1/reload}: reads the settings again ({@link Agent#reload}, as SIGHUP does).
 * Answers {@code {"reloaded": true, "tasks": N, "denied": N}}; INVALID_CONFIG with the one-line
 * reason when the config file is bad (the settings in use stay).
 */
final class ReloadEndpoint implements Endpoint {

  private final Agent agent;

  ReloadEndpoint(Agent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    AdminWork.answer(exchange, this::reload);
  }

  private Object reload() throws ControlException {
    try {
      agent.reload();
    } catch (ConfigException e) {
      throw new ControlException(ControlError.INVALID_CONFIG, ApiJson.oneLine(e.getMessage()));
    }
    return ApiJson.object()
        .put("reloaded", true)
        .put("tasks", agent.tasks().size())
        .put("denied", agent.deniedNodes().size());
  }
}
