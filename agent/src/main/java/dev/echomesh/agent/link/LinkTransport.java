package dev.echomesh.agent.link;

import dev.echomesh.agent.concurrent.BusyPollStrategy;
import dev.echomesh.agent.identity.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sockets under the links: the event loops, the TLS listener, outgoing connections, and the
 * pipeline every connection gets (TLS, frame decoder and encoder, then the handshake handler,
 * which becomes the link). TCP_NODELAY is on everywhere: without it the handshake stalls for
 * ~100 ms on delayed ACKs.
 *
 * <p>Accepted connections are admitted against {@link PendingConnections} before they get a
 * pipeline: past {@link LinkConfig#MAX_PENDING_CONNECTIONS} in total or {@link
 * LinkConfig#MAX_PENDING_PER_ADDRESS} from one address, a connection is closed at once (counted,
 * see {@link LinkStats}); an admitted one holds its slot until it becomes a link or closes, which
 * {@link LinkConfig#HANDSHAKE_TIMEOUT} bounds.
 */
final class LinkTransport {

  /** Makes the handshake handler of a new connection. */
  @FunctionalInterface
  interface Handshakes {
    /**
     * @param expected for dials: the node that must answer; null = any member
     * @param dial for dials: completes with the link; null for accepted connections
     */
    ChannelHandler newHandshake(NodeId expected, CompletableFuture<Link> dial);
  }

  /** The name of the frame encoder in every connection's pipeline. */
  static final String ENCODER = "encoder";

  private final LinkConfig config;
  private final TlsContexts tls;
  private final LinkStats stats;
  private final Handshakes handshakes;
  private final FrameEncoder encoder;
  private final ByteCounter bytes;
  private final NetworkTransport transport;
  private final PendingConnections pending;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  /** Every open connection, links and handshakes, for the shutdown. */
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private Channel server;
  private volatile boolean closing;

  LinkTransport(LinkConfig config, TlsContexts tls, LinkStats stats, Handshakes handshakes) {
    this.config = config;
    this.tls = tls;
    this.stats = stats;
    this.handshakes = handshakes;
    this.encoder = new FrameEncoder(config.maxFrameBytes());
    this.bytes = new ByteCounter(stats);
    this.transport = NetworkTransport.choose(config.nativeTransport());
    this.pending = new PendingConnections(config.maxPendingConnections(), config.maxPendingPerAddress());
    this.group = transport.newGroup(config.ioThreads(), new DefaultThreadFactory("echomesh-link", true),
        config.busyPoll().isZero()
            ? DefaultSelectStrategyFactory.INSTANCE
            : BusyPollStrategy.factory(config.busyPoll().toNanos()));
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis());
  }

  /**
   * Binds the listener; waits for it at most {@code timeout}.
   *
   * @throws IOException naming the address when it cannot bind
   */
  void listen(Duration timeout) throws IOException {
    ChannelFuture bind = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            accept(ch);
          }
        })
        .bind(config.bindAddress(), config.port());
    if (!bind.awaitUninterruptibly(timeout.toMillis()) || !bind.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      Throwable cause = bind.cause();
      throw new IOException("cannot listen for links on " + config.bindAddress().getHostAddress() + ":"
          + config.port() + ": " + (cause == null ? "timed out" : cause.getMessage()), cause);
    }
    server = bind.channel();
  }

  /** The socket transport in use. */
  NetworkTransport kind() {
    return transport;
  }

  /** Where the listener is bound. */
  InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** The port of the listener that accepted {@code channel}, or of this listener for dialed ones. */
  int listenerPort(Channel channel) {
    Channel listener = channel.parent() != null ? channel.parent() : server;
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Connects to {@code address}; {@code dial} fails with the reason if the connection does. */
  void dial(InetSocketAddress address, NodeId expected, CompletableFuture<Link> dial) {
    bootstrap.clone()
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            setUp(ch, expected, dial);
          }
        })
        .connect(address)
        .addListener((ChannelFuture f) -> {
          if (!f.isSuccess()) {
            dial.completeExceptionally(new LinkRefusedException(address,
                "cannot connect to " + Channels.address(address) + ": " + f.cause().getMessage(),
                ConnectFailures.isRefused(f.cause())));
          }
        });
  }

  /** Admits an accepted connection against the pending bounds, or closes it at once. */
  private void accept(SocketChannel ch) {
    InetAddress source = ch.remoteAddress().getAddress();
    Refusal full = pending.admit(source);
    if (full != null) {
      stats.refused(ch, full, full == Refusal.PENDING_LIMIT
          ? config.maxPendingConnections() + " connections are waiting for their handshake (link.max-pending-connections)"
          : config.maxPendingPerAddress() + " connections from " + source.getHostAddress()
              + " are waiting for their handshake (link.max-pending-per-address)");
      ch.close();
      return;
    }
    ch.attr(Channels.PENDING_SLOT).set(() -> pending.release(source));
    ch.closeFuture().addListener(f -> Channels.leavePending(ch));
    setUp(ch, null, null);
  }

  private void setUp(SocketChannel ch, NodeId expected, CompletableFuture<Link> dial) {
    SslHandler ssl = (dial != null ? tls.client() : tls.server()).newHandler(ch.alloc());
    ssl.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
    ch.pipeline()
        .addLast("bytes", bytes)
        .addLast("tls", ssl)
        .addLast("decoder", new FrameDecoder(config.maxFrameBytes(), stats))
        .addLast(ENCODER, encoder)
        .addLast("handshake", handshakes.newHandshake(expected, dial));
    channels.add(ch);
    ch.closeFuture().addListener(f -> channels.remove(ch));
    if (closing) {
      ch.close();
    }
  }

  /** Runs {@code task} on a network thread after {@code delayNanos}. */
  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return group.next().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Whether the calling thread is one of the network threads. */
  boolean onNetworkThread() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  /** Stops accepting connections; new ones made by dials are closed at once. */
  void stopListening(Duration timeout) {
    closing = true;
    server.close().awaitUninterruptibly(timeout.toMillis());
  }

  /** Closes every connection left and stops the network threads, each step within {@code timeout}. */
  void shutdown(Duration timeout) {
    closing = true;
    for (Channel channel : new ArrayList<>(channels)) {
      channel.close().awaitUninterruptibly(timeout.toMillis());
    }
    group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(2 * timeout.toMillis());
  }
}
