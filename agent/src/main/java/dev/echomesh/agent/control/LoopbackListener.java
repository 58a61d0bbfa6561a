package dev.echomesh.agent.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local API's optional TCP listener on a loopback address, for the browser (the dashboard) and
 * other local HTTP clients: the same routes as the Unix socket plus the dashboard's files, every
 * request checked by a {@link LoopbackGuard} (Host, Origin, API token). Its connections count
 * against the same limits as the socket's. One NIO event loop thread of its own.
 */
final class LoopbackListener implements AutoCloseable {

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

  private final EventLoopGroup group;
  private final Channel channel;
  private final InetSocketAddress address;

  private LoopbackListener(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
    this.address = (InetSocketAddress) channel.localAddress();
  }

  /**
   * Binds {@code address}; accepts nothing before {@link #startAccepting()}.
   *
   * @param address a loopback address; port 0 takes a free port
   * @throws IllegalArgumentException when {@code address} is not a loopback address
   * @throws IOException when it cannot be bound (the message says why)
   */
  static LoopbackListener bind(
      InetSocketAddress address,
      ApiServerContext context,
      ApiToken token,
      ChannelGroup connections)
      throws IOException {
    requireLoopback(address);
    EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("echomesh-api-tcp", true));
    AtomicInteger port = new AtomicInteger();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, HttpControlServer.WATER_MARK)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel child) {
                    connections.add(child);
                    HttpControlServer.initPipeline(
                        child,
                        context.config(),
                        new ApiConnection(
                            context,
                            new LoopbackGuard(port.get(), token, DashboardFiles::isDashboardPath),
                            context::browserRouter));
                  }
                });
    ChannelFuture bound = bootstrap.bind(address);
    try {
      if (!bound.awaitUninterruptibly(BIND_TIMEOUT.toMillis())) {
        bound.channel().close();
        throw new IOException("binding the local API's TCP listener " + HostPorts.format(address) + " timed out");
      }
      if (!bound.isSuccess()) {
        throw new IOException(
            "cannot listen on "
                + HostPorts.format(address)
                + " for the local API: "
                + bound.cause().getMessage()
                + " (is another program on that port? choose another with api.listen or --api-listen)",
            bound.cause());
      }
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw e;
    }
    LoopbackListener listener = new LoopbackListener(group, bound.channel());
    port.set(listener.address.getPort());
    return listener;
  }

  /**
   * @throws IllegalArgumentException naming the address when it is not a loopback address
   */
  static void requireLoopback(InetSocketAddress address) {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the local API listens on a loopback address only (127.0.0.1:PORT or [::1]:PORT), not "
              + HostPorts.format(address)
              + ": anyone who can reach it could try its token");
    }
  }

  /** The bound address (its real port when 0 was asked). */
  InetSocketAddress address() {
    return address;
  }

  void startAccepting() {
    channel.config().setAutoRead(true);
  }

  /** Stops accepting connections; open ones are closed by the server with the rest. */
  void stopAccepting() {
    channel.close().awaitUninterruptibly(STOP_TIMEOUT.toMillis());
  }

  @Override
  public void close() {
    stopAccepting();
    group
        .shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(STOP_TIMEOUT.toMillis() * 2);
  }
}
