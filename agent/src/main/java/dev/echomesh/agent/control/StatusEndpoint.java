package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;

/** {@code GET /v1/status}: what the agent says about itself. */
final class StatusEndpoint implements Endpoint {

  private final Agent agent;
  private final ControlConfig config;
  private final long startedNanos;

  StatusEndpoint(Agent agent, ControlConfig config, long startedNanos) {
    this.agent = agent;
    this.config = config;
    this.startedNanos = startedNanos;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    Duration uptime = Duration.ofNanos(config.ticker().read() - startedNanos);
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
