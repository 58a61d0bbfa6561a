package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/ping/{peer}}: one UDP ping to a peer now, outside the periodic rounds. No pong in
 * time is an outcome ({@code "answered": false}), not an error.
 */
final class PingEndpoint implements Endpoint {

  private final Agent agent;
  private final ControlConfig config;
  private final PeerResolver resolver;

  PingEndpoint(Agent agent, ControlConfig config, PeerResolver resolver) {
    this.agent = agent;
    this.config = config;
    this.resolver = resolver;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    Peer peer = resolver.resolve(request.pathParam("peer"));
    Duration timeout = request.timeout(config);
    String address =
        peer.udpPort() != 0 && !peer.addresses().isEmpty()
            ? HostPorts.format(new InetSocketAddress(peer.addresses().get(0), peer.udpPort()))
            : "";
    agent
        .ping(peer.id(), timeout)
        .orTimeout(timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (roundTrip, failure) -> {
              PingOutcome outcome =
                  failure == null
                      ? new PingOutcome(peer.id(), peer.name(), address, Optional.of(roundTrip), "")
                      : new PingOutcome(
                          peer.id(), peer.name(), address, Optional.empty(), why(failure, timeout));
              exchange.json(HttpResponseStatus.OK, ApiJson.ping(outcome));
            });
  }

  private static String why(Throwable failure, Duration timeout) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    return cause instanceof TimeoutException
        ? "no pong within " + timeout.toMillis() + " ms"
        : String.valueOf(cause.getMessage());
  }
}
