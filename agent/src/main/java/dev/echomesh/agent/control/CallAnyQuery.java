package dev.echomesh.agent.control;

import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.task.internal.IdempotencyCache;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code POST /v1/call-any/{task}} request asks for beyond the payload: the peer selector
 * ({@code ?select=rtt|load|random}, {@code ?tag=key=value} repeatable) and the client's
 * idempotency key ({@code Idempotency-Key} header).
 */
final class CallAnyQuery {

  /** The request header carrying the client's idempotency key. */
  static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private static final Map<String, PeerSelector> SELECTIONS = Map.of(
      "rtt", PeerSelector.leastRtt(),
      "load", PeerSelector.leastLoad(),
      "random", PeerSelector.random());

  private CallAnyQuery() {}

  /**
   * The selector the query names: {@code select} (default {@code rtt}) and every {@code tag}.
   *
   * @throws ControlException MALFORMED_REQUEST for an unknown selection, a tag without '=', or
   *     one with an empty key or value
   */
  static PeerSelector selector(ApiRequest request) throws ControlException {
    String select = request.query("select").toLowerCase(Locale.ROOT);
    PeerSelector selector = SELECTIONS.get(select.isEmpty() ? "rtt" : select);
    if (selector == null) {
      throw new ControlException(ControlError.MALFORMED_REQUEST,
          "select must be rtt, load or random, got '" + request.query("select") + "'");
    }
    for (String tag : request.query().getOrDefault("tag", List.of())) {
      int equals = tag.indexOf('=');
      if (equals <= 0 || equals == tag.length() - 1) {
        throw new ControlException(ControlError.MALFORMED_REQUEST,
            "a tag must be key=value, e.g. role=camera, got '" + tag + "'");
      }
      selector = selector.withTag(tag.substring(0, equals), tag.substring(equals + 1));
    }
    return selector;
  }

  /**
   * The client's idempotency key as bytes; null when the request has none (the agent makes one).
   *
   * @throws ControlException MALFORMED_REQUEST when it is empty, longer than {@link
   *     IdempotencyCache#MAX_KEY_BYTES} characters, or not printable ASCII
   */
  static byte[] idempotencyKey(ApiRequest request) throws ControlException {
    String key = request.headers().get(IDEMPOTENCY_KEY_HEADER);
    if (key == null) {
      return null;
    }
    if (key.isEmpty() || key.length() > IdempotencyCache.MAX_KEY_BYTES
        || !key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, IDEMPOTENCY_KEY_HEADER + " must be 1 to "
          + IdempotencyCache.MAX_KEY_BYTES + " printable ASCII characters without spaces");
    }
    return key.getBytes(StandardCharsets.US_ASCII);
  }
}
