package dev.echomesh.agent.control;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.echomesh.agent.Agent;

/**
 * The routes of the local API, version 1: the one list of every endpoint (docs/local-api.md
 * documents each). Adding an endpoint is one line here and one small {@link Endpoint} class.
 */
final class LocalApi {

  private LocalApi() {}

  static Router routes(
      Agent agent,
      ControlConfig config,
      Slots streams,
      EventHub events,
      ServedTasks served,
      long startedNanos) {
    PeerResolver resolver = new PeerResolver(agent);
    AgentMetrics metrics = new AgentMetrics(agent);
    CallEvents calls = new CallEvents(events, config.clock(), metrics.calls());
    served.events(calls);
    return new Router()
        .add(GET, "/v1/status", new StatusEndpoint(agent, config, startedNanos))
        .add(GET, "/v1/peers", new PeersEndpoint(agent))
        .add(GET, "/v1/diagnostics", new DiagnosticsEndpoint(agent))
        .add(DELETE, "/v1/peers/{peer}", new ForgetEndpoint(agent, resolver))
        .add(GET, "/v1/deny", new DenyListEndpoint(agent))
        .add(POST, "/v1/deny/{node}", new DenyEndpoint(agent, resolver))
        .add(DELETE, "/v1/deny/{node}", new AllowEndpoint(agent))
        .add(POST, "/v1/reload", new ReloadEndpoint(agent))
        .add(GET, "/v1/tasks", new TasksEndpoint(agent, config, resolver))
        .add(POST, "/v1/call/{peer}/{task}", new CallEndpoint(agent, config, resolver, calls))
        .add(POST, "/v1/call-any/{task}", new CallAnyEndpoint(agent, config, calls))
        .add(POST, "/v1/broadcast/{task}", new BroadcastEndpoint(agent, config))
        .add(POST, "/v1/ping/{peer}", new PingEndpoint(agent, config, resolver))
        .add(GET, "/v1/events", new EventsEndpoint(agent, events, streams))
        .add(POST, "/v1/serve", new ServeEndpoint(agent, config, served, streams))
        .add(POST, "/v1/serve/{session}/{call}", new ServeResultEndpoint(served))
        .add(GET, "/metrics", new MetricsEndpoint(metrics.registry()));
  }
}
