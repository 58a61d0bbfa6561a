package dev.echomesh.agent.control;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /} and {@code GET /dashboard/{file}} on the TCP listener: the dashboard's page, script
 * and style sheet, read once from the jar (no CDN, no build step). They hold no data, so they need
 * no token; the page reads the token from its URL fragment and sends it with every API request.
 * Each response forbids framing and any script or style from elsewhere.
 */
final class DashboardFiles implements Endpoint {

  private static final String RESOURCES = "/dev/echomesh/agent/control/dashboard/";
  private static final String INDEX = "index.html";
  private static final Map<String, String> TYPES =
      Map.of(
          INDEX, "text/html; charset=utf-8",
          "dashboard.js", "text/javascript; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> files;

  DashboardFiles() {
    this.files = Map.copyOf(load());
  }

  /** Whether {@code path} (raw, without query) is one of the dashboard's files. */
  static boolean isDashboardPath(String path) {
    return path.equals("/") || path.startsWith("/dashboard/");
  }

  /** Adds the dashboard's routes to {@code router}. */
  Router addTo(Router router) {
    return router
        .add(HttpMethod.GET, "/", this)
        .add(HttpMethod.GET, "/dashboard/{file}", this);
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    String name = request.pathParams().getOrDefault("file", INDEX);
    byte[] body = files.get(name);
    if (body == null) {
      throw new ControlException(ControlError.UNKNOWN_ENDPOINT, "the dashboard has no file " + name);
    }
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .set(
                "Content-Security-Policy",
                "default-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                    + " form-action 'none'")
            .set("X-Frame-Options", "DENY")
            .set("X-Content-Type-Options", "nosniff")
            .set("Referrer-Policy", "no-referrer");
    exchange.raw(HttpResponseStatus.OK, headers, body, TYPES.get(name));
  }

  private static Map<String, byte[]> load() {
    HashMap<String, byte[]> loaded = new HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = DashboardFiles.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks the dashboard file " + RESOURCES + name);
        }
        loaded.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the dashboard file " + name, e);
      }
    }
    return loaded;
  }
}
