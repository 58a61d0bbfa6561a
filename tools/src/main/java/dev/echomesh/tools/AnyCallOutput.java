package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.control.AnyCallOutcome;

/** How {@code echomesh call --any} reports which peer answered and how many were tried. */
final class AnyCallOutput {

  /** Characters of a node ID shown beside a name: the first two groups. */
  private static final int SHORT_ID_CHARS = 9;

  private AnyCallOutput() {}

  /**
   * The stderr line after the status: {@code answered by alice (MFRG-GZDF) after trying 2
   * peer(s), 3 call(s)}; for a call that did not end OK, {@code last called} instead of
   * {@code answered by}; {@code no peer was called} when none qualified.
   */
  static String triesLine(AnyCallOutcome outcome) {
    if (outcome.peer() == null) {
      return "no peer was called";
    }
    String id = outcome.peer().toString();
    String peer = (outcome.peerName().isEmpty() ? "" : outcome.peerName() + " ")
        + "(" + id.substring(0, Math.min(SHORT_ID_CHARS, id.length())) + ")";
    return (outcome.result().isOk() ? "answered by " : "last called ") + peer + " after trying "
        + outcome.peersTried() + " peer(s), " + outcome.attempts() + " call(s)";
  }

  /**
   * The {@code --json} object: {@code id} and {@code name} of the peer (absent when none was
   * called), {@code status}, {@code message}, {@code peersTried}, {@code attempts}, and the payload
   * as {@code payload} (UTF-8 text) or {@code payloadBase64}.
   */
  static ObjectNode json(AnyCallOutcome outcome) {
    ObjectNode node = Json.object();
    if (outcome.peer() != null) {
      node.put("id", outcome.peer().toString()).put("name", outcome.peerName());
    }
    node.put("status", outcome.result().status().name())
        .put("message", outcome.result().message())
        .put("peersTried", outcome.peersTried())
        .put("attempts", outcome.attempts());
    Json.putPayload(node, outcome.result().payload());
    return node;
  }
}
