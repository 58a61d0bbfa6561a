package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import java.time.Duration;

/**
 * A call a serving program is asked to answer (a {@code call} event of {@code /v1/serve}).
 *
 * @param id the call's ID within its session, used to post the result
 * @param task the task called
 * @param caller the calling node
 * @param payload the caller's payload
 * @param deadline how long the caller still waits, as of the event
 */
public record IncomingCall(long id, String task, NodeId caller, byte[] payload, Duration deadline) {}
