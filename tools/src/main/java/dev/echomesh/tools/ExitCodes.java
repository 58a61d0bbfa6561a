package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlError;
import dev.echomesh.agent.task.TaskStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exit codes of {@code echomesh}. Scripts depend on them: never renumber, only add.
 *
 * <pre>
 *  0  OK                 the command did what was asked (call: the task returned OK)
 *  1  ERROR              anything not listed below: I/O failure, bad file, agent error
 *  2  USAGE              unknown option, missing or malformed argument
 *  3  NO_AGENT           no agent running for the data dir (or it is shutting down)
 *  4  NO_SUCH_PEER       the peer is unknown, or the prefix matches several peers
 *  5  NOT_FOUND          the peer has no task of that name
 *  6  DENIED             the peer refused this node
 *  7  INVALID            the task rejected the payload
 *  8  FAILED             the task failed; the message says why
 *  9  TIMEOUT            no result before the timeout
 * 10  OVERLOADED         the peer (or link) had too many calls in flight
 * 11  CANCELLED          the call was cancelled (e.g. an agent shut down)
 * 12  UNAVAILABLE        the peer could not be reached
 * 13  PARTIAL            broadcast: at least one peer did not answer OK
 * 14  PROBLEMS_FOUND     doctor: at least one problem keeps this device from its peers
 * </pre>
 */
final class ExitCodes {

  static final int OK = 0;
  static final int ERROR = 1;
  static final int USAGE = 2;
  static final int NO_AGENT = 3;
  static final int NO_SUCH_PEER = 4;
  static final int NOT_FOUND = 5;
  static final int DENIED = 6;
  static final int INVALID = 7;
  static final int FAILED = 8;
  static final int TIMEOUT = 9;
  static final int OVERLOADED = 10;
  static final int CANCELLED = 11;
  static final int UNAVAILABLE = 12;
  static final int PARTIAL = 13;
  static final int PROBLEMS_FOUND = 14;

  /** The exit code table shown by the help of the commands that call tasks. */
  static Map<String, String> helpTable() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put("0", "OK: the task returned OK");
    table.put("1", "error: I/O failure, bad file, agent error");
    table.put("2", "usage: unknown option, missing or malformed argument");
    table.put("3", "no agent running for the data dir");
    table.put("4", "no such peer, or the prefix matches several");
    table.put("5", "NOT_FOUND: the peer has no task of that name");
    table.put("6", "DENIED: the peer refused this node");
    table.put("7", "INVALID: the task rejected the payload");
    table.put("8", "FAILED: the task failed");
    table.put("9", "TIMEOUT: no result before the timeout");
    table.put("10", "OVERLOADED: too many calls in flight; retry later");
    table.put("11", "CANCELLED: the call was cancelled");
    table.put("12", "UNAVAILABLE: the peer could not be reached");
    table.put("13", "broadcast only: at least one peer did not answer OK");
    return table;
  }

  private ExitCodes() {}

  /** The exit code of a call that ended with {@code status}. */
  static int of(TaskStatus status) {
    return switch (status) {
      case OK -> OK;
      case NOT_FOUND -> NOT_FOUND;
      case DENIED -> DENIED;
      case INVALID -> INVALID;
      case FAILED -> FAILED;
      case TIMEOUT -> TIMEOUT;
      case OVERLOADED -> OVERLOADED;
      case CANCELLED -> CANCELLED;
      case UNAVAILABLE -> UNAVAILABLE;
    };
  }

  /** The exit code of a control request the agent refused. */
  static int of(ControlError error) {
    return switch (error) {
      case PEER_NOT_FOUND, PEER_AMBIGUOUS -> NO_SUCH_PEER;
      case SHUTTING_DOWN -> NO_AGENT;
      case MALFORMED_REQUEST, REQUEST_TOO_LARGE -> USAGE;
      case BUSY, INTERNAL, BAD_PEER_RESPONSE, PROTOCOL, UNKNOWN_ENDPOINT, METHOD_NOT_ALLOWED,
          REQUEST_TIMEOUT, TASK_TAKEN, TOO_MANY_TASKS, CALL_NOT_FOUND, UNAUTHORIZED, FORBIDDEN,
          DENIED_BY_CONFIG, INVALID_CONFIG ->
          ERROR;
    };
  }
}
