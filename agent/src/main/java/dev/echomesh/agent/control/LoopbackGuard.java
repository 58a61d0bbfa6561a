package dev.echomesh.agent.control;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks of the TCP listener on 127.0.0.1, in order:
 *
 * <ol>
 *   <li>Host must be this listener's own address ({@code 127.0.0.1:PORT}, {@code localhost:PORT} or
 *       {@code [::1]:PORT}): a page of another site whose name was rebound to 127.0.0.1 sends its own
 *       name and is refused (DNS rebinding). 403 forbidden.
 *   <li>Origin, when present, must be {@code http://} and one of those hosts: any other site's
 *       script is refused, whatever it sends (cross-site requests). 403 forbidden.
 *   <li>The API token as {@code Authorization: Bearer TOKEN} or {@code X-API-Key: TOKEN}, on every
 *       path but the dashboard's static files (which hold no data). 401 unauthorized.
 * </ol>
 */
final class LoopbackGuard implements RequestGuard {

  private static final String BEARER = "bearer ";
  /** Longest piece of a refused header repeated in the error message. */
  private static final int MAX_ECHOED_CHARS = 100;

  private final Set<String> hosts;
  private final Set<String> origins;
  private final ApiToken token;
  private final Predicate<String> isPublic;

  /**
   * @param port the listener's bound port
   * @param isPublic paths that need no token (the dashboard's files)
   */
  LoopbackGuard(int port, ApiToken token, Predicate<String> isPublic) {
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port);
    this.token = token;
    this.isPublic = isPublic;
  }

  @Override
  public void admit(HttpRequest request, String path) throws ControlException {
    HttpHeaders headers = request.headers();
    String host = headers.get(HttpHeaderNames.HOST);
    if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      throw new ControlException(
          ControlError.FORBIDDEN,
          "the Host header must be one of "
              + String.join(", ", hosts.stream().sorted().toList())
              + " (got "
              + (host == null ? "none" : "'" + printable(host) + "'")
              + ")");
    }
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      throw new ControlException(
          ControlError.FORBIDDEN,
          "cross-site requests are refused: Origin '"
              + printable(origin)
              + "' is not this listener's own");
    }
    if (isPublic.test(path)) {
      return;
    }
    if (!token.matches(presented(headers))) {
      throw new ControlException(
          ControlError.UNAUTHORIZED,
          "this listener needs the API token as 'Authorization: Bearer TOKEN' or 'X-API-Key: TOKEN'"
              + " (echomesh dashboard --url prints it)");
    }
  }

  /** {@code text} for a one-line message: control characters dropped, at most 100 characters. */
  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > MAX_ECHOED_CHARS ? clean.substring(0, MAX_ECHOED_CHARS) + "..." : clean;
  }

  private static String presented(HttpHeaders headers) {
    String key = headers.get("X-API-Key");
    if (key != null) {
      return key.strip();
    }
    String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).strip();
    }
    return null;
  }
}
