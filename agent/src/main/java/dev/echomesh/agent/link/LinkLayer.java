package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.internal.CallHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A node's links: a TLS listener, one link per peer dialed on first call and kept until idle,
 * calls multiplexed over them, and the static peers dialed at start.
 *
 * <p>Thread-safe. No method blocks on the network except {@link #start} (binding) and
 * {@link #close} (draining, bounded by the shutdown timeout).
 */
public interface LinkLayer extends AutoCloseable {

  /**
   * Binds the listener and starts dialing the static peers.
   *
   * @param handler runs the calls peers make to this node
   * @param resolver finds a peer's address when a call needs a new link
   * @param listener told of links going up and down
   * @throws IOException when the listener cannot bind (port in use, address not local) or TLS
   *     cannot be set up with these credentials
   */
  static LinkLayer start(LinkConfig config, NodeCredentials credentials, CallHandler handler,
      PeerAddressResolver resolver, LinkListener listener) throws IOException {
    return start(config, credentials, handler, resolver, listener, Set.of());
  }

  /**
   * As {@link #start(LinkConfig, NodeCredentials, CallHandler, PeerAddressResolver, LinkListener)},
   * refusing the {@code denied} nodes from the first connection on (see {@link #deny}).
   */
  static LinkLayer start(LinkConfig config, NodeCredentials credentials, CallHandler handler,
      PeerAddressResolver resolver, LinkListener listener, Set<NodeId> denied) throws IOException {
    return LinkManager.start(config, credentials, handler, resolver, listener, denied);
  }

  /** This node's ID. */
  NodeId self();

  /** Where the listener is bound (the real port when 0 was configured). */
  InetSocketAddress localAddress();

  /**
   * Calls {@code task} on {@code peer}, over its link or a new one. The future completes by the
   * deadline at the latest and never exceptionally (unless the caller cancels it, which sends a
   * Cancel to the callee): failures come as results with a status.
   *
   * @param payload sent as is, not copied: it must not change until the future completes
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  default CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout) {
    return call(peer, task, payload, timeout, new byte[0]);
  }

  /**
   * As {@link #call(NodeId, String, byte[], Duration)}, with an idempotency key: the callee runs
   * the task at most once for all calls from this node with the same key within its remembering
   * window, and answers repeats with the first run's outcome. Use one fresh random key per logical
   * call and the same key for each of its retries.
   *
   * @param idempotencyKey at most {@value dev.echomesh.agent.task.internal.IdempotencyCache#MAX_KEY_BYTES}
   *     bytes; empty = no retry protection
   */
  CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout,
      byte[] idempotencyKey);

  /**
   * As {@link #call(NodeId, String, byte[], Duration, byte[])}, also saying how far the request
   * got ({@link Dispatch}): for a caller that may go on to another peer and must know whether this
   * one can have run the task. Cancelling the returned future cancels the call (a Cancel goes to
   * the callee when the request was sent).
   *
   * <p>When no usable link to {@code peer} is there within {@code linkTimeout} (the dial, TLS
   * handshake or Hello is not done), the call ends at once with UNAVAILABLE and {@link
   * Dispatch#NOT_SENT}; the dial goes on for later calls, and this request is never written, even
   * when the link comes up a moment later (the end and the write exclude each other atomically).
   * A {@code linkTimeout} not shorter than {@code timeout} bounds nothing more than the deadline.
   *
   * @throws IllegalArgumentException if {@code timeout} or {@code linkTimeout} is not positive
   */
  CompletableFuture<CallAttempt> attempt(NodeId peer, String task, byte[] payload, Duration timeout,
      byte[] idempotencyKey, Duration linkTimeout);

  /**
   * Calls {@code task} on {@code peer} with a payload read from {@code payload} as the call
   * sends it, in chunks, never whole: reading pauses while the callee's window is full (a
   * stream thread reads it and closes it at its end or when the call ends). The future
   * completes when the result's status arrives, its payload still arriving as a stream (see
   * {@link StreamedResult}); it completes by the deadline at the latest and never exceptionally
   * (unless cancelled). A payload that cannot be read ends the call with FAILED.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  CompletableFuture<StreamedResult> callStreaming(NodeId peer, String task, InputStream payload, Duration timeout);

  /**
   * Links to whichever mesh member listens at {@code address} (used for static peers).
   *
   * @return the peer's node ID once linked; fails with {@link LinkRefusedException} when the
   *     connection or the handshake fails
   */
  CompletableFuture<NodeId> connect(InetSocketAddress address);

  /**
   * Closes every link to {@code peer} at once: the calls this node has in flight on them end
   * with UNAVAILABLE and {@code reason}, the calls {@code peer} made here are interrupted, and the
   * next call to {@code peer} dials again. For a peer that stopped answering pings: its callers
   * learn it now instead of at their deadlines. Does nothing when there is no such link.
   */
  void closeLinksTo(NodeId peer, String reason);

  /**
   * Replaces the deny list: from now on connections from or to these nodes are refused at the
   * handshake (the peer is told why), and links to them that are up now are closed at once.
   * Initially empty.
   */
  void deny(Set<NodeId> nodes);

  /** The peers this node has a usable link to now. */
  Set<NodeId> linkedPeers();

  /** Counters of refused connections and frames. */
  LinkStats stats();

  /**
   * Closes cleanly: stops listening and dialing, sends GoAway on every link, lets calls in
   * flight finish within the shutdown timeout, then ends the rest with CANCELLED and closes.
   * Idempotent. Must not be called on a network thread (it waits).
   */
  @Override
  void close();
}
