package dev.echomesh.agent.task;

/**
 * How far a call's request got, as this node's link layer saw it: what a caller that fails over
 * to another peer ({@code callAny}) needs to know to keep a task from running twice. Local only:
 * it never travels on the wire, and a result's {@link dev.echomesh.agent.task.TaskStatus} stays
 * what it is.
 */
public enum Dispatch {
  /**
   * The request never left this node: no link could be made (the dial failed, timed out or was
   * refused by the handshake) or every link that could carry it closed before it was written. The
   * peer cannot have run the task because of this call.
   */
  NOT_SENT,
  /**
   * {@link #NOT_SENT}, and the peer's address answered the connection with a refusal (a TCP reset
   * to the SYN): the host is reachable and nothing listens on the link port, so the process that
   * served it is gone (killed, crashed, stopped) or not listening yet. A cut cable or a silent
   * host never refuses: their dials time out. A new connection that the host resets before its TLS
   * handshake completed counts the same: the process died or closed its listener with the
   * connection in its accept queue. (A firewall between members that rejects the link
   * port with a TCP reset would look the same; members must reach each other's link ports.)
   */
  REFUSED,
  /**
   * The request was handed to a link for writing: the peer may have received it and run the task
   * (and may still be running it), whatever the result says.
   */
  SENT
}
