package dev.echomesh.agent.control;

/**
 * Why the local API did not carry out a request: the {@code error} field of its JSON error body,
 * with the HTTP status it goes with. A task's own outcome is never one of these: it comes back as a
 * {@link CallOutcome} whose result has a status.
 */
public enum ControlError {
  /** The request did not parse (HTTP, JSON, a parameter) or had an invalid field. */
  MALFORMED_REQUEST(400, "malformed_request"),
  /** The request line, headers or body were longer than the agent accepts. */
  REQUEST_TOO_LARGE(413, "request_too_large"),
  /**
   * A request to the TCP listener without the right API token ({@code Authorization: Bearer TOKEN}
   * or {@code X-API-Key}).
   */
  UNAUTHORIZED(401, "unauthorized"),
  /**
   * A request to the TCP listener with a Host header other than its own loopback address (DNS
   * rebinding) or an Origin other than its own (a cross-site request).
   */
  FORBIDDEN(403, "forbidden"),
  /** No endpoint has this path. */
  UNKNOWN_ENDPOINT(404, "unknown_endpoint"),
  /** The endpoint exists but not with this method; the {@code Allow} header lists the right one. */
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  /** The client did not send a complete request in time. */
  REQUEST_TIMEOUT(408, "request_timeout"),
  /** No known peer matches the query. */
  PEER_NOT_FOUND(404, "peer_not_found"),
  /** The query matches more than one peer; the message names them. */
  PEER_AMBIGUOUS(409, "peer_ambiguous"),
  /** A program asked to serve a task name that this agent or another program already offers. */
  TASK_TAKEN(409, "task_taken"),
  /** A program asked to serve more tasks than the agent allows. */
  TOO_MANY_TASKS(400, "too_many_tasks"),
  /** A result names a call that is not waiting for one (answered, cancelled or past its deadline). */
  CALL_NOT_FOUND(404, "call_not_found"),
  /** The agent has too many connections, streams or buffered bytes; retry shortly. */
  BUSY(503, "busy"),
  /** The agent failed unexpectedly; its log says more. */
  INTERNAL(500, "internal"),
  /** A peer's answer could not be understood (e.g. a task list that is not JSON). */
  BAD_PEER_RESPONSE(502, "bad_peer_response"),
  /**
   * The config file names this node in its deny list, so the API cannot allow it: remove it there
   * and reload.
   */
  DENIED_BY_CONFIG(409, "denied_by_config"),
  /** A reload found the config file unreadable or invalid; the settings in use stay. */
  INVALID_CONFIG(409, "invalid_config"),
  /** The agent is shutting down. */
  SHUTTING_DOWN(503, "shutting_down"),
  /**
   * The agent's answer could not be understood, came too late, or the connection broke. Raised by
   * the client only.
   */
  PROTOCOL(0, "protocol");

  private final int httpStatus;
  private final String code;

  ControlError(int httpStatus, String code) {
    this.httpStatus = httpStatus;
    this.code = code;
  }

  /** The HTTP status of a response carrying this error. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code error} field of the JSON body, e.g. {@code peer_not_found}. */
  public String code() {
    return code;
  }

  /** The error whose code is {@code code}; INTERNAL for a code this version does not know. */
  public static ControlError fromCode(String code) {
    for (ControlError error : values()) {
      if (error.code.equals(code)) {
        return error;
      }
    }
    return INTERNAL;
  }
}
