package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link layer: a TLS listener, the table of links (one usable link per peer), dialing with
 * de-duplication, call routing, and the clean shutdown.
 */
final class LinkManager implements LinkLayer, LinkOwner {

  private static final Logger log = LoggerFactory.getLogger(LinkManager.class);
  /** How long the last steps of close() (aborted links, event loops) may take. */
  private static final Duration CLOSE_STEP_TIMEOUT = Duration.ofSeconds(2);

  private final LinkConfig config;
  private final NodeId self;
  private final TlsContexts tls;
  private final CallHandler handler;
  private final PeerAddressResolver resolver;
  private final LinkListener listener;
  private final Ticker ticker;
  private final LinkStats stats = new LinkStats();
  private final FrameEncoder encoder;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  /** The usable link of each peer. */
  private final ConcurrentHashMap<NodeId, Link> links = new ConcurrentHashMap<>();
  /** Every established link, draining ones included, for the shutdown. */
  private final Set<Link> allLinks = ConcurrentHashMap.newKeySet();
  /** Every open connection, links and handshakes, for the shutdown. */
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<NodeId, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();
  private final StaticPeerDialer staticPeers;
  private Channel server;
  private volatile boolean closed;

  private LinkManager(LinkConfig config, NodeCredentials credentials, TlsContexts tls,
      CallHandler handler, PeerAddressResolver resolver, LinkListener listener, Ticker ticker) {
    this.config = config;
    this.self = credentials.nodeId();
    this.tls = tls;
    this.handler = handler;
    this.resolver = resolver;
    this.listener = listener;
    this.ticker = ticker;
    this.encoder = new FrameEncoder(config.maxFrameBytes());
    this.group = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("echomesh-link", true));
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis());
    this.staticPeers = new StaticPeerDialer(this, config.staticPeers(), config.redialBackoff(), group);
  }

  static LinkManager start(LinkConfig config, NodeCredentials credentials, CallHandler handler,
      PeerAddressResolver resolver, LinkListener listener, Ticker ticker) throws IOException {
    TlsContexts tls = TlsContexts.create(credentials);
    LinkManager manager = new LinkManager(config, credentials, tls,
        Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(resolver, "resolver"),
        Objects.requireNonNull(listener, "listener"), ticker);
    manager.listen();
    manager.staticPeers.start();
    return manager;
  }

  private void listen() throws IOException {
    ChannelFuture bind = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            setUp(ch, false, null, null);
          }
        })
        .bind(config.bindAddress(), config.port());
    String where = config.bindAddress().getHostAddress() + ":" + config.port();
    if (!bind.awaitUninterruptibly(config.connectTimeout().toMillis()) || !bind.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      Throwable cause = bind.cause();
      throw new IOException("cannot listen for links on " + where + ": "
          + (cause == null ? "timed out" : cause.getMessage()), cause);
    }
    server = bind.channel();
    log.info("Listening for links on {} as {} (TLS provider {})",
        Channels.address(server.localAddress()), self, tls.provider());
  }

  private void setUp(SocketChannel ch, boolean dialing, NodeId expected, CompletableFuture<Link> dial) {
    SslHandler ssl = (dialing ? tls.client() : tls.server()).newHandler(ch.alloc());
    ssl.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
    ch.pipeline()
        .addLast("tls", ssl)
        .addLast("decoder", new FrameDecoder(config.maxFrameBytes(), stats))
        .addLast("encoder", encoder)
        .addLast("handshake", new HandshakeHandler(this, expected, dial));
    channels.add(ch);
    ch.closeFuture().addListener(f -> channels.remove(ch));
    if (closed) {
      ch.close();
    }
  }

  // ---- calls ------------------------------------------------------------------------------

  @Override
  public CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(payload, "payload");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a call timeout must be positive, got " + timeout);
    }
    PendingCall call = new PendingCall(peer, task, payload, timeout.toNanos(), ticker.nanoTime());
    if (closed) {
      call.fail(TaskStatus.CANCELLED, "this agent is closed");
    } else if (peer.equals(self)) {
      call.fail(TaskStatus.INVALID, "that is this node itself; links go to other nodes");
    } else if (FrameConverter.frameBytesBound(task.length(), payload.length) > config.maxFrameBytes()) {
      call.fail(TaskStatus.INVALID, "a payload of " + payload.length
          + " bytes does not fit the frame limit of " + config.maxFrameBytes() + " bytes");
    } else {
      route(call);
    }
    return call;
  }

  private void route(PendingCall call) {
    Link link = links.get(call.peer);
    if (link != null && link.isAccepting()) {
      call.startOn(link);
      return;
    }
    long remaining = call.deadlineNanos - ticker.nanoTime();
    if (remaining <= 0) {
      call.fail(TaskStatus.TIMEOUT, call.timeoutMessage());
      return;
    }
    call.dialTimer = group.next().schedule(
        () -> call.fail(TaskStatus.TIMEOUT, call.timeoutMessage() + " (no link yet)"),
        remaining, TimeUnit.NANOSECONDS);
    linkTo(call.peer).whenComplete((carrier, error) -> {
      call.dialTimer.cancel(false);
      if (error == null) {
        call.startOn(carrier);
      } else if (closed) {
        call.fail(TaskStatus.CANCELLED, "this agent is closing");
      } else {
        call.fail(TaskStatus.UNAVAILABLE, "cannot reach " + call.peer.shortForm() + ": " + reason(error));
      }
    });
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
    Link link = links.get(peer);
    if (link != null && link.isAccepting()) {
      return CompletableFuture.completedFuture(link);
    }
    CompletableFuture<Link> fresh = new CompletableFuture<>();
    CompletableFuture<Link> running = dials.putIfAbsent(peer, fresh);
    if (running != null) {
      return running;
    }
    fresh.whenComplete((l, e) -> dials.remove(peer, fresh));
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
      return;
    }
    bootstrap.clone()
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            setUp(ch, true, expected, dial);
          }
        })
        .connect(address)
        .addListener((ChannelFuture f) -> {
          if (!f.isSuccess()) {
            dial.completeExceptionally(new LinkRefusedException(address,
                "cannot connect to " + Channels.address(address) + ": " + f.cause().getMessage()));
          }
        });
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
    Channel listener = channel.parent() != null ? channel.parent() : server;
    return new LinkMessage.Hello(LinkConfig.PROTOCOL_VERSION, self, config.nodeName(),
        config.maxInFlightCallsPerLink(), config.agentVersion(), config.udpPort(),
        ((InetSocketAddress) listener.localAddress()).getPort());
  }

  @Override
  public LinkStats stats() {
    return stats;
  }

  Link newLink(Channel channel, LinkMessage.Hello peerHello, boolean dialedByUs, int dialedPort) {
    LinkInfo info = new LinkInfo(peerHello.nodeId(), peerHello.name(),
        (InetSocketAddress) channel.remoteAddress(), dialedByUs,
        dialedPort != 0 ? dialedPort : peerHello.linkPort(), peerHello.udpPort(), peerHello.agentVersion());
    return new Link(this, info, channel, config, peerHello.maxInFlightCalls(), handler, ticker);
  }

  /** A link finished its handshake: keep it (or the link it duplicates) and tell waiters. */
  void established(Link link, CompletableFuture<Link> dial) {
    allLinks.add(link);
    link.closeFuture().addListener(f -> allLinks.remove(link));
    if (closed) {
      link.goAway("this agent is shutting down");
      if (dial != null) {
        dial.completeExceptionally(new LinkRefusedException(link.info().remoteAddress(), "this agent is closing"));
      }
      return;
    }
    NodeId peer = link.peer();
    Link[] loser = new Link[1];
    Link winner = links.compute(peer, (id, existing) -> {
      if (existing == null || !existing.isAccepting()) {
        return link;
      }
      boolean replace = DuplicateLinks.newLinkWins(self, peer, existing.info().dialedByUs(), link.info().dialedByUs());
      loser[0] = replace ? existing : link;
      return replace ? link : existing;
    });
    log.info("Linked with {} '{}' at {} ({})", peer, link.info().name(),
        Channels.address(link.info().remoteAddress()), link.info().dialedByUs() ? "dialed" : "accepted");
    listener.linkUp(link.info());
    if (loser[0] != null) {
      log.debug("Two links with {}; keeping {}, draining {}", peer, winner, loser[0]);
      loser[0].goAway("duplicate link; the link dialed by the lower node ID is kept");
    }
    if (dial != null) {
      dial.complete(winner);
    }
    CompletableFuture<Link> waiting = dials.get(peer);
    if (waiting != null) {
      waiting.complete(winner);
    }
  }

  @Override
  public void draining(Link link) {
    links.remove(link.peer(), link);
  }

  @Override
  public void closed(Link link, String reason) {
    links.remove(link.peer(), link);
    log.info("Link with {} closed: {}", link.peer(), reason);
    listener.linkDown(link.info(), reason);
  }

  // ---- queries and shutdown ---------------------------------------------------------------

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public Set<NodeId> linkedPeers() {
    return Set.copyOf(links.keySet());
  }

  @Override
  public void close() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        throw new IllegalStateException("close() must not be called on a link thread: it waits for calls to end");
      }
    }
    if (closed) {
      return;
    }
    closed = true;
    staticPeers.stop();
    server.close().awaitUninterruptibly(CLOSE_STEP_TIMEOUT.toMillis());
    List<Link> open = new ArrayList<>(allLinks);
    for (Link link : open) {
      link.goAway("the agent is shutting down");
    }
    for (CompletableFuture<Link> dial : dials.values()) {
      dial.completeExceptionally(new LinkRefusedException(null, "this agent is closing"));
    }
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    for (Link link : open) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!link.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
        link.abort("the agent shut down before the call finished");
      }
    }
    for (Channel channel : new ArrayList<>(channels)) {
      channel.close().awaitUninterruptibly(CLOSE_STEP_TIMEOUT.toMillis());
    }
    group.shutdownGracefully(0, CLOSE_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(2 * CLOSE_STEP_TIMEOUT.toMillis());
    log.info("Link layer closed");
  }

  private static String reason(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return String.valueOf(cause.getMessage());
  }
}
