package dev.echomesh.agent.control;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps a method and path to an {@link Endpoint}. A pattern is a path whose segments are literals or
 * {@code {name}} placeholders, e.g. {@code /v1/call/{peer}/{task}}; a placeholder matches one
 * non-empty segment. Built once, then read-only.
 */
final class Router {

  /** A route that matched, with its placeholders' values. */
  record Match(Endpoint endpoint, Map<String, String> params) {}

  private record Route(HttpMethod method, String[] segments, Endpoint endpoint) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; patterns are checked in the order added. */
  Router add(HttpMethod method, String pattern, Endpoint endpoint) {
    routes.add(new Route(method, split(pattern), endpoint));
    return this;
  }

  /** Adds every route of {@code other}, after this one's. */
  Router addAll(Router other) {
    routes.addAll(other.routes);
    return this;
  }

  /**
   * @param path the raw path (without query); each segment is percent-decoded after splitting, so
   *     an encoded '/' stays inside its segment
   * @throws ControlException UNKNOWN_ENDPOINT when no pattern matches, METHOD_NOT_ALLOWED when one
   *     matches with another method
   */
  Match find(HttpMethod method, String path) throws ControlException {
    String[] segments = split(path);
    for (int i = 0; i < segments.length; i++) {
      try {
        segments[i] = QueryStringDecoder.decodeComponent(segments[i]);
      } catch (IllegalArgumentException e) {
        throw new ControlException(
            ControlError.MALFORMED_REQUEST, "the path " + path + " is not valid: " + e.getMessage());
      }
    }
    List<String> allowed = new ArrayList<>();
    for (Route route : routes) {
      Map<String, String> params = match(route.segments(), segments);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route.endpoint(), params);
      }
      allowed.add(route.method().name());
    }
    if (!allowed.isEmpty()) {
      throw new MethodNotAllowedException(
          method.name(), path, allowed.stream().distinct().collect(Collectors.joining(", ")));
    }
    throw new ControlException(
        ControlError.UNKNOWN_ENDPOINT, "no endpoint " + path + " (docs/local-api.md lists them)");
  }

  private static Map<String, String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String expected = pattern[i];
      if (expected.startsWith("{") && expected.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(expected.substring(1, expected.length() - 1), path[i]);
      } else if (!expected.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.split("/", -1);
  }
}
