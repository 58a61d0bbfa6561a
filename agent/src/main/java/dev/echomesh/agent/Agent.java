package dev.echomesh.agent;

import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkStats;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A running echomesh agent: the public face of the library.
 *
 * <p>Every method is thread-safe and none blocks on the network: results arrive through
 * {@link CompletableFuture}s that always complete, at the latest at their deadline.
 */
public interface Agent extends AutoCloseable {

  /** This node's ID. */
  NodeId nodeId();

  /** This node's name. */
  String name();

  /** Where the link listener is bound (the real port when 0 was configured). */
  InetSocketAddress linkAddress();

  /** The peers this node knows, in node ID order. */
  List<Peer> peers();

  /**
   * Finds a peer by node ID, unique node ID prefix (dashes and case ignored) or exact name.
   *
   * @throws IllegalArgumentException when {@code query} matches more than one peer; the message
   *     names the candidates
   */
  Optional<Peer> findPeer(String query);

  /**
   * Removes {@code peer} from the peer table now, whatever its state, and closes its links (calls
   * in flight on them end UNAVAILABLE), for {@code echomesh forget PEER}. Peer listeners are told
   * through {@link PeerListener#peerRemoved}.
   *
   * <p>Forgetting is for stale records: a peer that is still running comes back, as a new ALIVE
   * record, the next time it is heard (its next ping, within a ping interval, or a new link to or
   * from it, e.g. a static peer redialed). To keep a node out, put it on the deny list instead.
   * LEFT and DEAD peers also leave the table by themselves after {@link
   * dev.echomesh.agent.liveness.LivenessConfig#forgetAfter()} of silence.
   *
   * @return the peer as it was when forgotten; empty when no peer has this ID
   */
  Optional<Peer> forget(NodeId peer);

  /** Registers a listener for peer table changes and removals. */
  void addPeerListener(PeerListener listener);

  /**
   * Registers a listener told of round trips, calls this node handled and file transfers it
   * served, as they happen (what {@code /metrics} counts).
   */
  void addActivityListener(ActivityListener listener);

  /** The tasks this node offers. */
  List<TaskInfo> tasks();

  /**
   * Calls {@code task} on {@code peer}. The future never fails exceptionally for remote or
   * network problems: those come back as a result with a non-OK status (UNAVAILABLE, TIMEOUT,
   * ...). It completes by {@code timeout} at the latest.
   */
  CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout);

  /**
   * Calls {@code task} on {@code peer} with a payload of any size read from {@code payload} as
   * it is sent, and a result whose payload is read as it arrives: neither is ever held whole.
   * Memory stays bounded by flow control: reading {@code payload} pauses while the callee is
   * slow, and the callee pauses while the result is read slowly. {@code payload} is read on an
   * agent thread and closed at its end or when the call ends. Tasks written as
   * {@link dev.echomesh.agent.task.StreamingTaskHandler} read and write their payloads as
   * streams; other tasks get the payload whole, within the callee's buffer bound (OVERLOADED
   * past it).
   *
   * <p>The future completes when the result's status arrives, by {@code timeout} at the latest,
   * and never exceptionally for remote or network problems; the deadline covers the whole call,
   * the result's payload included. Close the result when done: closing it early cancels the call.
   */
  CompletableFuture<StreamedResult> callStreaming(NodeId peer, String task, InputStream payload, Duration timeout);

  /**
   * Calls {@code task} on one ALIVE peer that offers it and matches {@code selector}'s tags, in
   * the selector's order, failing over to the next when the chosen one is overloaded, lacks the
   * task, refuses this node, or is gone before the task could run; all within {@code timeout}.
   *
   * <p>Every attempt of one callAny carries the same fresh random idempotency key, so the task
   * runs at most once on a peer even when a result is lost on the way back and the call is
   * retried: the peer answers the retry with the remembered outcome (for {@link
   * AgentConfig#CALLS_REMEMBER_FOR}). A request that provably never left this node (no link could
   * be made, or, while another peer is left, none was up within {@link
   * AgentConfig#CALL_ANY_LINK_TIMEOUT}: such a request is never sent on that link afterwards) goes
   * to the next peer at once, and so does one whose connection was refused (the
   * host answered and nothing listens: the process is gone, and a restarted one would not
   * remember the key). A lost link with the request on it may have cut the call after the task
   * ran, so the call stays with that peer: while the peer is ALIVE it is called again once at
   * once (when that fails too, its process is taken to be gone and the next peer is tried); when
   * the peer went silent (SUSPECT or DEAD: a partition or a crash, which look the same from here)
   * the call waits for it to be ALIVE again and asks it again, until the deadline, and never runs
   * the task on another peer meanwhile; a peer that LEFT (a clean stop) is passed over.
   * {@link AnyCallResult#trail()} lists each attempt.
   *
   * <p>Like {@link #call}, the future never fails for remote or network problems; it completes by
   * {@code timeout} at the latest. With no qualifying peer it completes at once, UNAVAILABLE,
   * after 0 attempts. A peer is assumed to offer every task until it answers NOT_FOUND, which
   * this node remembers until that peer restarts.
   *
   * @param timeout for the whole call, all attempts together; null = the default call timeout
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  default CompletableFuture<AnyCallResult> callAny(String task, PeerSelector selector, byte[] payload,
      Duration timeout) {
    return callAny(task, selector, payload, timeout, null);
  }

  /**
   * As {@link #callAny(String, PeerSelector, byte[], Duration)}, with the caller's own idempotency
   * key instead of a fresh random one: a later callAny with the same key (a client's retry after
   * its own connection was lost) gets the remembered outcome from a peer that ran the task for
   * this node already, for {@link AgentConfig#CALLS_REMEMBER_FOR}. Peers remember keys per calling
   * node, so a key needs to be unique only among this node's calls.
   *
   * @param idempotencyKey 1 to {@value dev.echomesh.agent.task.IdempotencyCache#MAX_KEY_BYTES}
   *     bytes; null = a fresh random key
   * @throws IllegalArgumentException if {@code timeout} is zero or negative, or the key is empty
   *     or too long
   */
  CompletableFuture<AnyCallResult> callAny(String task, PeerSelector selector, byte[] payload, Duration timeout,
      byte[] idempotencyKey);

  /**
   * Calls {@code task} on every ALIVE peer at once and completes when each has answered or
   * the timeout passed, with one result per peer (errors included, as statuses).
   */
  CompletableFuture<Map<NodeId, TaskResult>> broadcast(String task, byte[] payload, Duration timeout);

  /**
   * Sends one UDP ping to {@code peer} now (outside the periodic rounds), for {@code echomesh
   * ping}. Completes with the round trip when the pong arrives; fails with a
   * {@link java.util.concurrent.TimeoutException} after {@code timeout}, or an
   * {@link IllegalStateException} when the peer is unknown, its UDP address is not known, or the
   * agent is closing.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  CompletableFuture<Duration> ping(NodeId peer, Duration timeout);

  /** Where the UDP liveness socket is bound (the real port when 0 was configured). */
  InetSocketAddress livenessAddress();

  /**
   * What mDNS discovery hears now: whether this node's own announcement comes back, and the nodes
   * of other meshes announced on the LAN ({@link DiscoveryReport#OFF} when discovery is off).
   */
  DiscoveryReport discoveryReport();

  /** UDP liveness counters since start: datagrams sent, received, accepted, and dropped by reason. */
  LivenessCounters livenessCounters();

  /**
   * Link counters since start: links opened and closed, bytes on the wire, incoming connections
   * refused by kind ({@link LinkStats#refusals()}: floods, other meshes, denied nodes, ...), frames
   * rejected by error, handshakes refused.
   */
  LinkStats linkStats();

  /**
   * Reads the settings again (for an agent started by {@code echomesh agent}: the config file,
   * with the command line's flags on top) and applies the command tasks, the task allow-lists and
   * the config file's deny list at once, without dropping links (links to nodes now denied close);
   * calls in flight finish with the handler they started with. Other settings
   * take effect at the next start. SIGHUP to {@code echomesh agent} calls this, as does the local
   * API's {@code POST /v1/reload} ({@code echomesh reload}).
   *
   * @throws ConfigException when the settings cannot be read or are invalid: the settings in use
   *     stay, and the one-line reason is logged
   */
  void reload() throws ConfigException;

  /**
   * Denies {@code node} (a revoked member) until {@link #allow}: its links close now, it is refused
   * at every link handshake and ignored by liveness and discovery. Kept across restarts in the
   * data directory's {@code denied-nodes} file (owner-only) when the agent has a data directory.
   *
   * @return whether it was not denied before
   * @throws IllegalArgumentException when {@code node} is this node
   * @throws java.io.UncheckedIOException when the file cannot be written (nothing changes then)
   */
  boolean deny(NodeId node);

  /**
   * Lifts a denial made with {@link #deny}.
   *
   * @return whether it was denied that way before
   * @throws IllegalStateException when the config file denies it (key {@code deny}): remove it
   *     there and reload
   * @throws java.io.UncheckedIOException when the file cannot be written (nothing changes then)
   */
  boolean allow(NodeId node);

  /** The nodes denied now, by the config file and live. */
  Set<NodeId> deniedNodes();

  /**
   * Stops cleanly: tells peers (GoAway on links, Leave on UDP, mDNS goodbye), lets in-flight
   * calls finish up to the configured shutdown timeout, then closes everything. Idempotent.
   */
  @Override
  void close();
}
