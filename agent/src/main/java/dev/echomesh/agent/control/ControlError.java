package dev.echomesh.agent.control;

/**
 * Why the agent did not carry out a control request. A task's own outcome is never one of these: it
 * comes back as a {@link CallOutcome} whose result has a status.
 */
public enum ControlError {
  /** The request did not parse, had no kind, or had an invalid field. Sent by the agent. */
  MALFORMED_REQUEST,
  /** The request was longer than the agent accepts. Sent by the agent. */
  REQUEST_TOO_LARGE,
  /** No known peer matches the query. Sent by the agent. */
  PEER_NOT_FOUND,
  /** The query matches more than one peer; the message names them. Sent by the agent. */
  PEER_AMBIGUOUS,
  /** The agent has too many control connections open; retry shortly. Sent by the agent. */
  BUSY,
  /** The agent failed unexpectedly; its log says more. Sent by the agent. */
  INTERNAL,
  /** A peer's answer could not be understood (e.g. a task list that is not JSON). */
  BAD_PEER_RESPONSE,
  /** The agent is shutting down. Sent by the agent. */
  SHUTTING_DOWN,
  /**
   * The agent's answer could not be understood, came too late, or the connection broke. Raised by
   * the client only.
   */
  PROTOCOL
}
