package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link layer: a TLS listener, the table of links (one usable link per peer), dialing with
 * de-duplication, call routing, and the clean shutdown.
 */
final class LinkManager implements LinkLayer, LinkOwner {

  private static final Logger log = LoggerFactory.getLogger(LinkManager.class);
  /** How long each local socket step may take: binding, closing, stopping the event loops. */
  private static final Duration LOCAL_STEP_TIMEOUT = Duration.ofSeconds(2);
  private static final byte[] EMPTY = new byte[0];

  private final LinkConfig config;
  private final NodeId self;
  private final TlsContexts tls;
  private final CallHandler handler;
  private final PeerAddressResolver resolver;
  private final LinkListener listener;
  private final Ticker ticker;
  private final LinkStats stats;
  private final LinkTable links;
  private final LinkTransport transport;
  private final StaticPeerDialer staticPeers;
  /** Threads that copy callers' payload streams into chunks (one per streamed call while it sends). */
  private final ExecutorService pumps =
      Executors.newCachedThreadPool(new DefaultThreadFactory("echomesh-stream", true));
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Set<NodeId> denied = Set.of();

  private LinkManager(LinkConfig config, NodeCredentials credentials, TlsContexts tls,
      CallHandler handler, PeerAddressResolver resolver, LinkListener listener) {
    this.config = config;
    this.self = credentials.nodeId();
    this.tls = tls;
    this.handler = handler;
    this.resolver = resolver;
    this.listener = listener;
    this.ticker = config.ticker();
    this.stats = new LinkStats(config.ticker(), config.streams().maxBufferedBytes());
    this.links = new LinkTable(self);
    this.transport = new LinkTransport(config, tls, stats,
        (expected, dial) -> new HandshakeHandler(this, expected, dial));
    this.staticPeers = new StaticPeerDialer(this, config.staticPeers(), config.redialBackoff(), transport);
  }

  static LinkManager start(LinkConfig config, NodeCredentials credentials, CallHandler handler,
      PeerAddressResolver resolver, LinkListener listener, Set<NodeId> denied) throws IOException {
    TlsContexts tls = TlsContexts.create(credentials);
    LinkManager manager = new LinkManager(config, credentials, tls,
        Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(resolver, "resolver"),
        Objects.requireNonNull(listener, "listener"));
    manager.denied = Set.copyOf(denied);
    manager.transport.listen(LOCAL_STEP_TIMEOUT);
    log.info("Listening for links on {} as {} (TLS provider {}, {} transport)",
        Channels.address(manager.transport.localAddress()), manager.self, tls.provider(), manager.transport.kind());
    manager.staticPeers.start();
    return manager;
  }

  // ---- calls ------------------------------------------------------------------------------

  @Override
  public CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout,
      byte[] idempotencyKey) {
    return newCall(peer, task, payload, timeout, idempotencyKey, Long.MAX_VALUE);
  }

  @Override
  public CompletableFuture<CallAttempt> attempt(NodeId peer, String task, byte[] payload, Duration timeout,
      byte[] idempotencyKey, Duration linkTimeout) {
    if (linkTimeout.isNegative() || linkTimeout.isZero()) {
      throw new IllegalArgumentException("a link timeout must be positive, got " + linkTimeout);
    }
    long now = ticker.read();
    PendingCall call = newCall(peer, task, payload, timeout, idempotencyKey,
        linkTimeout.compareTo(timeout) >= 0 ? Long.MAX_VALUE : now + linkTimeout.toNanos());
    CompletableFuture<CallAttempt> attempt = call.thenApply(result -> new CallAttempt(result, call.dispatch()));
    attempt.whenComplete((done, error) -> {
      if (attempt.isCancelled()) {
        call.cancel(false); // tells the callee
      }
    });
    return attempt;
  }

  private PendingCall newCall(NodeId peer, String task, byte[] payload, Duration timeout, byte[] idempotencyKey,
      long linkDeadlineNanos) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a call timeout must be positive, got " + timeout);
    }
    boolean whole = config.fitsOneFrame(task.length(), payload.length);
    PendingCall call = new PendingCall(peer, task, whole ? payload : EMPTY, idempotencyKey, timeout.toNanos(),
        ticker.read());
    call.linkDeadlineNanos = linkDeadlineNanos;
    if (!whole) {
      call.requestSender = new ArraySender(payload, false, config.chunkDataBytes(), () -> { });
    }
    checkAndRoute(call);
    return call;
  }

  @Override
  public CompletableFuture<StreamedResult> callStreaming(NodeId peer, String task, InputStream payload,
      Duration timeout) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(payload, "payload");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a call timeout must be positive, got " + timeout);
    }
    PendingCall call = new PendingCall(peer, task, EMPTY, timeout.toNanos(), ticker.read());
    StreamedCall streamed = StreamedCall.prepare(call, payload, config.chunkDataBytes(), ticker, pumps);
    checkAndRoute(call);
    return streamed;
  }

  private void checkAndRoute(PendingCall call) {
    if (closed) {
      call.fail(TaskStatus.CANCELLED, "this agent is closed");
    } else if (call.peer.equals(self)) {
      call.fail(TaskStatus.INVALID, "that is this node itself; links go to other nodes");
    } else if (FrameConverter.frameBytesBound(call.task.length(), 0) > config.maxFrameBytes()) {
      call.fail(TaskStatus.INVALID, "a task name of " + call.task.length() + " characters does not fit the frame limit");
    } else {
      route(call);
    }
  }

  private void route(PendingCall call) {
    Link link = links.usable(call.peer);
    if (link != null) {
      call.startOn(link);
      return;
    }
    long remaining = call.deadlineNanos - ticker.read();
    if (remaining <= 0) {
      call.fail(TaskStatus.TIMEOUT, call.timeoutMessage());
      return;
    }
    long linkRemaining = call.linkDeadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE
        : call.linkDeadlineNanos - ticker.read();
    if (linkRemaining <= 0) {
      call.fail(TaskStatus.UNAVAILABLE, linkTimeoutMessage(call));
      return;
    }
    try {
      call.dialTimer = linkRemaining < remaining
          ? transport.schedule(() -> call.fail(TaskStatus.UNAVAILABLE, linkTimeoutMessage(call)), linkRemaining)
          : transport.schedule(() -> call.fail(TaskStatus.TIMEOUT, call.timeoutMessage() + " (no link yet)"),
              remaining);
    } catch (RejectedExecutionException stopped) {
      call.fail(TaskStatus.CANCELLED, "this agent is closed");
      return;
    }
    linkTo(call.peer).whenComplete((carrier, error) -> {
      call.dialTimer.cancel(false);
      if (error == null) {
        call.startOn(carrier);
      } else if (closed) {
        call.fail(TaskStatus.CANCELLED, "this agent is closing");
      } else {
        if (unwrap(error) instanceof LinkRefusedException refusal && refusal.connectionRefused()) {
          call.markRefused();
        }
        call.fail(TaskStatus.UNAVAILABLE, "cannot reach " + call.peer.shortForm() + ": " + reason(error));
      }
    });
  }

  /**
   * A call that gave up waiting for its link: unsent (the link, if it comes up, carries later calls,
   * never this one), so a caller may try another peer.
   */
  private static String linkTimeoutMessage(PendingCall call) {
    return "no link to " + call.peer.shortForm() + " within the call's link timeout; the request was not sent";
  }

  @Override
  public void reroute(PendingCall call, Link from) {
    if (closed) {
      call.fail(TaskStatus.CANCELLED, "this agent is closing");
    } else if (++call.reroutes > PendingCall.MAX_REROUTES) {
      call.fail(TaskStatus.UNAVAILABLE, "the links to " + call.peer.shortForm() + " keep closing");
    } else {
      route(call);
    }
  }

  // ---- dialing ----------------------------------------------------------------------------

  /** The usable link to {@code peer}, dialing it if needed (one dial per peer at a time). */
  private CompletableFuture<Link> linkTo(NodeId peer) {
    Link link = links.usable(peer);
    if (link != null) {
      return CompletableFuture.completedFuture(link);
    }
    CompletableFuture<Link> fresh = new CompletableFuture<>();
    CompletableFuture<Link> running = links.joinDial(peer, fresh);
    if (running != null) {
      return running;
    }
    Optional<InetSocketAddress> address = resolver.linkAddressOf(peer);
    if (address.isEmpty()) {
      fresh.completeExceptionally(new LinkRefusedException(null,
          "no address known for node " + peer + " (not discovered, not a static peer)"));
    } else {
      dial(address.get(), peer, fresh);
    }
    return fresh;
  }

  @Override
  public CompletableFuture<NodeId> connect(InetSocketAddress address) {
    CompletableFuture<Link> dial = new CompletableFuture<>();
    dial(address, null, dial);
    return dial.thenApply(Link::peer);
  }

  private void dial(InetSocketAddress address, NodeId expected, CompletableFuture<Link> dial) {
    if (closed) {
      dial.completeExceptionally(new LinkRefusedException(address, "this agent is closing"));
    } else {
      transport.dial(address, expected, dial);
    }
  }

  // ---- link bookkeeping (called on the link's event loop) ---------------------------------

  LinkConfig config() {
    return config;
  }

  @Override
  public NodeId self() {
    return self;
  }

  /** This node's Hello on {@code channel}, stating the port of the listener. */
  LinkMessage.Hello hello(Channel channel) {
    return new LinkMessage.Hello(PeerProtocol.NEWEST_VERSION, self, config.nodeName(),
        config.maxInFlightCallsPerLink(), config.agentVersion(), config.udpPort(),
        transport.listenerPort(channel), config.maxFrameBytes(), PeerProtocol.OLDEST_VERSION);
  }

  @Override
  public LinkStats stats() {
    return stats;
  }

  /**
   * @param sendFrameLimitBytes the largest frame this node may send the peer (the smaller of both
   *     sides' limits)
   */
  Link newLink(Channel channel, LinkMessage.Hello peerHello, int sendFrameLimitBytes, boolean dialedByUs,
      int dialedPort) {
    LinkInfo info = new LinkInfo(peerHello.nodeId(), peerHello.name(),
        (InetSocketAddress) channel.remoteAddress(), dialedByUs,
        dialedPort != 0 ? dialedPort : peerHello.linkPort(), peerHello.udpPort(), peerHello.agentVersion());
    return new Link(this, info, channel, config, peerHello.maxInFlightCalls(), sendFrameLimitBytes, handler, ticker);
  }

  /**
   * A connection (dialed or accepted) proved with its certificate that it reaches {@code peer}:
   * from now until it becomes a link (or fails), {@code wait} is the dial in progress to
   * {@code peer}, so a call made meanwhile waits for this connection instead of dialing a second
   * one. Static peers are dialed without knowing who answers, and either side may learn of the
   * other from its pings before it has read the other's Hello; a call made then used to dial a
   * duplicate link, and the duplicate rule could drain the link that carried the call: the call
   * ended UNAVAILABLE when the peer closed it before reading the Call. Unchanged when a dial to
   * {@code peer} is already in progress. Network thread.
   *
   * @param wait completed by {@link LinkTable#add} with the peer's link, or failed by the handshake
   */
  void connectionCertified(NodeId peer, CompletableFuture<Link> wait) {
    links.joinDial(peer, wait);
  }

  /** A link finished its handshake: keep it (or the link it duplicates) and tell waiters. */
  void established(Link link, CompletableFuture<Link> dial) {
    stats.linkOpened();
    if (closed) {
      link.goAway("this agent is shutting down");
      if (dial != null) {
        dial.completeExceptionally(new LinkRefusedException(link.info().remoteAddress(), "this agent is closing"));
      }
      return;
    }
    LinkTable.Added added = links.add(link);
    log.info("Linked with {} '{}' at {} ({})", link.peer(), link.info().name(),
        Channels.address(link.info().remoteAddress()), link.info().dialedByUs() ? "dialed" : "accepted");
    listener.linkUp(link.info());
    if (added.loser() != null) {
      log.debug("Two links with {}; keeping {}, draining {}", link.peer(), added.winner(), added.loser());
      added.loser().goAway("duplicate link; the link dialed by the lower node ID is kept");
    }
    if (dial != null) {
      dial.complete(added.winner());
    }
  }

  @Override
  public void draining(Link link) {
    links.remove(link);
  }

  @Override
  public void closed(Link link, String reason) {
    stats.linkClosed();
    links.remove(link);
    log.info("Link with {} closed: {}", link.peer(), reason);
    listener.linkDown(link.info(), reason);
  }

  // ---- queries and shutdown ---------------------------------------------------------------

  @Override
  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  @Override
  public Set<NodeId> linkedPeers() {
    return links.peers();
  }

  @Override
  public void closeLinksTo(NodeId peer, String reason) {
    for (Link link : links.all()) {
      if (link.peer().equals(peer)) {
        log.info("Closing the link to {}: {}", peer.shortForm(), reason);
        link.drop(reason);
      }
    }
  }

  @Override
  public void deny(Set<NodeId> nodes) {
    Set<NodeId> now = Set.copyOf(nodes);
    denied = now;
    List<Link> closing = new ArrayList<>();
    for (Link link : links.all()) {
      if (now.contains(link.peer())) {
        log.info("Closing the link to {}: it is on the deny list", link.peer().shortForm());
        link.drop("it is on the deny list");
        closing.add(link);
      }
    }
    // A call already on the wire could otherwise still be served by a link whose close is only
    // queued on its event loop: when deny returns, the denied node's links are closed. Never
    // waits on a network thread (where the close runs next anyway).
    if (!transport.onNetworkThread()) {
      long deadline = ticker.read() + LOCAL_STEP_TIMEOUT.toNanos();
      for (Link link : closing) {
        long left = Math.max(0, deadline - ticker.read());
        if (!link.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
          log.warn("The link to {} did not close within {} ms after it was denied; it closes later",
              link.peer().shortForm(), LOCAL_STEP_TIMEOUT.toMillis());
        }
      }
    }
  }

  /** Whether links with {@code peer} are refused (see {@link #deny}). */
  boolean denies(NodeId peer) {
    return denied.contains(peer);
  }

  @Override
  public void close() {
    if (transport.onNetworkThread()) {
      throw new IllegalStateException("close() must not be called on a link thread: it waits for calls to end");
    }
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    staticPeers.stop();
    transport.stopListening(LOCAL_STEP_TIMEOUT);
    List<Link> open = links.all();
    for (Link link : open) {
      link.goAway("the agent is shutting down");
    }
    links.failDials(new LinkRefusedException(null, "this agent is closing"));
    long deadline = ticker.read() + config.shutdownTimeout().toNanos();
    for (Link link : open) {
      long left = Math.max(0, deadline - ticker.read());
      if (!link.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
        link.abort("the agent shut down before the call finished");
      }
    }
    transport.shutdown(LOCAL_STEP_TIMEOUT);
    pumps.shutdownNow();
    log.info("Link layer closed");
  }

  private static String reason(Throwable error) {
    return String.valueOf(unwrap(error).getMessage());
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
