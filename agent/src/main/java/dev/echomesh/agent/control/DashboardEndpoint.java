package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.Inet6Address;
import java.util.function.Supplier;

/**
 * {@code GET /v1/dashboard}: where the dashboard is, for its owner ({@code echomesh dashboard
 * --url}): {@code {"listening": false}} when the TCP listener is off, else its address and the
 * page's URL with the API token in the fragment. On the Unix socket only its owner can ask; on the
 * TCP listener only a holder of the token.
 */
final class DashboardEndpoint implements Endpoint {

  private final Supplier<LoopbackListener> listener;
  private final Supplier<ApiToken> token;

  DashboardEndpoint(Supplier<LoopbackListener> listener, Supplier<ApiToken> token) {
    this.listener = listener;
    this.token = token;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    LoopbackListener tcp = listener.get();
    ObjectNode body = ApiJson.object().put("listening", tcp != null);
    if (tcp != null) {
      String address =
          tcp.address().getAddress() instanceof Inet6Address
              ? "[::1]:" + tcp.address().getPort() // the form browsers send as Host
              : HostPorts.format(tcp.address());
      body.put("address", address).put("url", "http://" + address + "/#token=" + token.get().value());
    }
    exchange.json(HttpResponseStatus.OK, body);
  }
}
