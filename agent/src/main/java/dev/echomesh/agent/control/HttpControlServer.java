package dev.echomesh.agent.control;

import static io.netty.handler.codec.http.HttpMethod.GET;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.task.internal.ExternalTasks;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ControlServer} on Netty: one event loop thread serving HTTP/1.1 on the Unix domain socket
 * (epoll where available, else NIO). No request blocks the loop: calls complete from futures. The
 * loop polls briefly after it worked ({@link ControlConfig#busyPoll}), so that the next step of a
 * served call (the program's result after its call event) seldom has to wake it.
 */
final class HttpControlServer implements ControlServer {

  private static final Logger log = LoggerFactory.getLogger(HttpControlServer.class);

  /** Longest request line and header block accepted, in bytes. */
  static final int MAX_INITIAL_LINE_BYTES = 4096;

  static final int MAX_HEADER_BYTES = 8192;
  /** Largest body chunk the codec hands on at once, in bytes. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;
  /**
   * Outbound bytes queued per connection before it counts as not writable: events are then dropped
   * and served calls refused with OVERLOADED instead of piling up.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

  private final Path dataDir;
  private final ControlConfig config;
  private final ApiServerContext context;
  private final EventLoopGroup group;
  private final ChannelGroup connections;
  private final Channel listener;
  private final SocketBinding binding;
  private final EventHub events = new EventHub();
  private final ServedTasks served;
  private final AtomicReference<LoopbackListener> tcp = new AtomicReference<>();
  private final AtomicReference<ApiToken> token = new AtomicReference<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpControlServer(
      Path dataDir,
      ControlConfig config,
      ApiServerContext context,
      EventLoopGroup group,
      ChannelGroup connections,
      Channel listener,
      SocketBinding binding) {
    this.dataDir = dataDir;
    this.config = config;
    this.context = context;
    this.group = group;
    this.connections = connections;
    this.listener = listener;
    this.binding = binding;
    this.served = new ServedTasks(config);
  }

  static HttpControlServer bind(Path dataDir, ControlConfig config) throws IOException {
    return bind(dataDir, config, DomainSockets.best());
  }

  /** Binds with a given transport (tests use it to check the NIO fallback on Linux). */
  static HttpControlServer bind(Path dataDir, ControlConfig config, DomainSockets transport)
      throws IOException {
    Path absolute = dataDir.toAbsolutePath().normalize();
    EventLoopGroup group =
        transport.newGroup(new DefaultThreadFactory("echomesh-control", true), config.busyPoll());
    ApiServerContext context = new ApiServerContext(config);
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.AUTO_READ, false) // accept nothing before start()
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    connections.add(channel);
                    initPipeline(channel, config, new ApiConnection(context));
                  }
                });
    AtomicReference<Channel> listener = new AtomicReference<>();
    try {
      SocketBinding binding =
          SocketBinding.bind(
              absolute,
              socket -> {
                ChannelFuture bound = bootstrap.bind(transport.address(socket));
                if (!bound.awaitUninterruptibly(BIND_TIMEOUT.toMillis())) {
                  bound.channel().close();
                  throw new IOException("binding the control socket " + socket + " timed out");
                }
                if (!bound.isSuccess()) {
                  throw new IOException(
                      "cannot bind the control socket " + socket + ": " + bound.cause(),
                      bound.cause());
                }
                listener.set(bound.channel());
                return () -> bound.channel().close().awaitUninterruptibly(STOP_TIMEOUT.toMillis());
              });
      log.debug("local API bound at {} ({} transport)", binding.socketPath(), transport);
      return new HttpControlServer(
          absolute, config, context, group, connections, listener.get(), binding);
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** The handlers of one connection of either listener, in front of its {@code connection}. */
  static void initPipeline(Channel channel, ControlConfig config, ApiConnection connection) {
    channel
        .pipeline()
        .addLast(
            new WriteTimeoutHandler(config.responseWriteTimeout().toNanos(), TimeUnit.NANOSECONDS),
            new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES),
            connection);
  }

  @Override
  public InetSocketAddress listenTcp(InetSocketAddress address) throws IOException {
    if (started.get() || closed.get() || tcp.get() != null) {
      throw new IllegalStateException("listenTcp must be called once, before start");
    }
    LoopbackListener.requireLoopback(address);
    ApiToken token = ApiToken.loadOrCreate(dataDir);
    LoopbackListener listener = LoopbackListener.bind(address, context, token, connections);
    this.token.set(token);
    tcp.set(listener);
    log.debug("local API also on http://{}", HostPorts.format(listener.address()));
    return listener.address();
  }

  @Override
  public Optional<InetSocketAddress> tcpAddress() {
    return Optional.ofNullable(tcp.get()).map(LoopbackListener::address);
  }

  @Override
  public Path socketPath() {
    return binding.socketPath();
  }

  @Override
  public ExternalTasks externalTasks() {
    return served;
  }

  @Override
  public void start(Agent agent) {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("the control server was already started or closed");
    }
    Router api =
        LocalApi.routes(agent, config, context.streams(), events, served, config.ticker().read())
            .add(GET, "/v1/dashboard", new DashboardEndpoint(tcp::get, token::get));
    context.router(api);
    agent.addPeerListener(events);
    listener.config().setAutoRead(true);
    LoopbackListener browser = tcp.get();
    if (browser != null) {
      context.browserRouter(new DashboardFiles().addTo(new Router()).addAll(api));
      browser.startAccepting();
      log.info(
          "local API and dashboard on http://{}/ (echomesh dashboard --url prints the address with"
              + " its token)",
          HostPorts.format(browser.address()));
    }
    log.debug("local API ready at {}", binding.socketPath());
  }

  @Override
  public void stopAccepting() {
    context.stopAccepting();
    LoopbackListener browser = tcp.get();
    if (browser != null) {
      browser.stopAccepting();
    }
    binding.unbind();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopAccepting();
    events.closeAll();
    served.endAll();
    try {
      if (!context.inFlight().awaitIdle(config.shutdownTimeout())) {
        log.warn(
            "{} local API request(s) still running after {}; closing them",
            context.inFlight().count(),
            config.shutdownTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connections.close().awaitUninterruptibly(STOP_TIMEOUT.toMillis());
      LoopbackListener browser = tcp.get();
      if (browser != null) {
        browser.close();
      }
      group
          .shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(STOP_TIMEOUT.toMillis() * 2);
      binding.close();
    }
  }

  @Override
  public String toString() {
    return "ControlServer[" + dataDir + "]";
  }
}
