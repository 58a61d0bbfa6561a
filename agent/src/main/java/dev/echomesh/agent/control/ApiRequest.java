package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One complete request to the local API, body included.
 *
 * @param method the HTTP method
 * @param path the decoded path, e.g. {@code /v1/call/alice/echo}
 * @param pathParams the values of the route's {@code {name}} segments
 * @param query the query parameters
 * @param headers the request headers
 * @param body the body (empty when none)
 */
record ApiRequest(
    HttpMethod method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    HttpHeaders headers,
    byte[] body) {

  /** The value of the route's {@code {name}} segment. */
  String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("the route has no {" + name + "} segment");
    }
    return value;
  }

  /** The first value of query parameter {@code name}; empty when absent. */
  String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /**
   * The {@code timeoutMillis} query parameter; the default when absent or 0.
   *
   * @throws ControlException MALFORMED_REQUEST when it is not a number or over the maximum
   */
  Duration timeout(ControlConfig config) throws ControlException {
    String text = query("timeoutMillis");
    if (text.isEmpty()) {
      return config.defaultCallTimeout();
    }
    long millis;
    try {
      millis = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST, "timeoutMillis must be a whole number, got '" + text + "'");
    }
    if (millis < 0) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST, "timeoutMillis must not be negative, got " + millis);
    }
    if (millis == 0) {
      return config.defaultCallTimeout();
    }
    Duration timeout = Duration.ofMillis(millis);
    if (timeout.compareTo(config.maxCallTimeout()) > 0) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          "a timeout of "
              + millis
              + " ms is over the agent's maximum of "
              + config.maxCallTimeout().toMillis()
              + " ms");
    }
    return timeout;
  }

  /**
   * The body parsed as JSON.
   *
   * @throws ControlException MALFORMED_REQUEST when it is empty or not JSON
   */
  JsonNode json() throws ControlException {
    return ApiJson.parse(body);
  }
}
