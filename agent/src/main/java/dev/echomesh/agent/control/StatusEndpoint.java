package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /v1/status}: what the agent says about itself. */
final class StatusEndpoint implements Endpoint {

  private final Agent agent;
  private final ControlConfig config;
  private final Instant startedAt;

  StatusEndpoint(Agent agent, ControlConfig config, Instant startedAt) {
    this.agent = agent;
    this.config = config;
    this.startedAt = startedAt;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    Duration uptime = Duration.between(startedAt, config.clock().instant());
    AgentStatus status =
        new AgentStatus(
            agent.nodeId(),
            agent.name(),
            HostPorts.format(agent.linkAddress()),
            config.version(),
            uptime.isNegative() ? Duration.ZERO : uptime,
            ProcessHandle.current().pid(),
            agent.peers().size(),
            agent.livenessAddress().getPort(),
            agent.livenessCounters());
    exchange.json(HttpResponseStatus.OK, ApiJson.status(status));
  }
}
