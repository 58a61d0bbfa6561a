package dev.echomesh.agent.control;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounds the agent's call futures and describes their results in headers and JSON. */
final class CallResults {

  /** The task status of a call's result, e.g. {@code OK}, {@code TIMEOUT}. */
  static final String STATUS_HEADER = "Echomesh-Status";
  /** Why a call did not succeed, one line ({@link HeaderText}); absent when empty. */
  static final String MESSAGE_HEADER = "Echomesh-Message";
  /** The node ID of the peer called. */
  static final String PEER_HEADER = "Echomesh-Peer";
  /** The name of the peer called ({@link HeaderText}). */
  static final String PEER_NAME_HEADER = "Echomesh-Peer-Name";

  /** Call-any: how many distinct peers were called, the answering one included. */
  static final String PEERS_TRIED_HEADER = "Echomesh-Peers-Tried";
  /** Call-any: how many calls were made on all peers together (a retry on the same peer counts). */
  static final String ATTEMPTS_HEADER = "Echomesh-Attempts";

  private static final Logger log = LoggerFactory.getLogger(CallResults.class);

  private CallResults() {}

  /**
   * The agent's result, or TIMEOUT once {@code timeout} plus {@code grace} passed (the agent
   * promises a result by the timeout; the grace only guards against a bug), or FAILED when the
   * future failed. Never completes exceptionally.
   */
  static CompletableFuture<TaskResult> bounded(
      CompletableFuture<TaskResult> future, Duration timeout, Duration grace) {
    return future
        .exceptionally(
            failure -> {
              log.error("a call failed inside the agent", failure);
              return TaskResult.error(TaskStatus.FAILED, "the agent failed the call: " + failure);
            })
        .completeOnTimeout(
            TaskResult.error(TaskStatus.TIMEOUT, "no result within " + timeout.toMillis() + " ms"),
            timeout.plus(grace).toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /** The headers describing {@code result} of a call to {@code peerId} named {@code peerName}. */
  static HttpHeaders headers(String peerId, String peerName, TaskResult result) {
    return headers(result)
        .set(PEER_HEADER, peerId)
        .set(PEER_NAME_HEADER, HeaderText.encode(peerName));
  }

  /** The status and message headers of {@code result}, for a call that reached no peer. */
  static HttpHeaders headers(TaskResult result) {
    HttpHeaders headers = new DefaultHttpHeaders().set(STATUS_HEADER, result.status().name());
    if (!result.message().isEmpty()) {
      headers.set(MESSAGE_HEADER, HeaderText.encode(ApiJson.oneLine(result.message())));
    }
    return headers;
  }

  /** The {@code error} code of a non-OK task outcome, e.g. {@code task_timeout}. */
  static String errorCode(TaskStatus status) {
    return "task_" + status.name().toLowerCase(Locale.ROOT);
  }
}
