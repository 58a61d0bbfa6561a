package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ControlServer} on a Unix domain socket: one acceptor thread, a bounded pool. */
final class UnixControlServer implements ControlServer {

  private static final Logger log = LoggerFactory.getLogger(UnixControlServer.class);

  /** Pause after a failed accept (e.g. out of file descriptors), so the loop never spins. */
  private static final Duration ACCEPT_FAILURE_PAUSE = Duration.ofMillis(100);

  /** How long close() waits for pool threads after closing every connection. */
  private static final Duration POOL_STOP_TIMEOUT = Duration.ofSeconds(2);

  private final Path dataDir;
  private final ControlConfig config;
  private final SocketBinding binding;
  private final Watchdog watchdog = new Watchdog("echomesh-control-watchdog");
  private final ThreadPoolExecutor pool;
  private final Set<ControlConnection> connections = ConcurrentHashMap.newKeySet();
  private final PeerFanout fanout = new PeerFanout();
  private final AtomicInteger watchers = new AtomicInteger();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean accepting;
  private volatile Agent agent;
  private volatile RequestHandler handler;
  private Thread acceptor;

  private UnixControlServer(Path dataDir, ControlConfig config, SocketBinding binding) {
    this.dataDir = dataDir;
    this.config = config;
    this.binding = binding;
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            config.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "echomesh-control-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  static UnixControlServer bind(Path dataDir, ControlConfig config) throws IOException {
    Path absolute = dataDir.toAbsolutePath().normalize();
    return new UnixControlServer(absolute, config, SocketBinding.bind(absolute));
  }

  @Override
  public Path socketPath() {
    return binding.socketPath();
  }

  @Override
  public void start(Agent agent) {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("the control server was already started or closed");
    }
    this.agent = agent;
    this.handler = new RequestHandler(agent, config, config.ticker().read());
    agent.addPeerListener(fanout);
    accepting = true;
    acceptor = new Thread(this::acceptLoop, "echomesh-control-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    log.debug("control socket ready at {}", binding.socketPath());
  }

  @Override
  public void stopAccepting() {
    accepting = false;
    binding.unbind();
  }

  @Override
  public long malformedRequests() {
    return malformed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopAccepting();
    connections.forEach(ControlConnection::closeIfNotBusy);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(config.shutdownTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn(
            "{} control request(s) still running after {}; closing them",
            connections.size(),
            config.shutdownTimeout());
      }
      connections.forEach(ControlConnection::close);
      pool.shutdownNow();
      if (!pool.awaitTermination(POOL_STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn("control threads did not stop within {}", POOL_STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      connections.forEach(ControlConnection::close);
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      watchdog.close();
      binding.close();
    }
  }

  ControlConfig config() {
    return config;
  }

  Watchdog watchdog() {
    return watchdog;
  }

  RequestHandler handler() {
    return handler;
  }

  PeerFanout fanout() {
    return fanout;
  }

  Agent agent() {
    return agent;
  }

  boolean isAccepting() {
    return accepting;
  }

  /** Whether {@link #close()} has begun. */
  boolean isClosing() {
    return closed.get();
  }

  void countMalformed() {
    malformed.incrementAndGet();
  }

  boolean tryStartWatching() {
    while (true) {
      int current = watchers.get();
      if (current >= config.maxWatchers()) {
        return false;
      }
      if (watchers.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void stopWatching() {
    watchers.decrementAndGet();
  }

  void connectionEnded(ControlConnection connection) {
    connections.remove(connection);
  }

  private void acceptLoop() {
    while (accepting) {
      SocketChannel channel;
      try {
        channel = binding.server().accept();
      } catch (ClosedChannelException e) {
        return; // stopAccepting()
      } catch (IOException e) {
        log.warn("control socket: accept failed: {}", e.toString());
        LockSupport.parkNanos(ACCEPT_FAILURE_PAUSE.toNanos());
        continue;
      }
      serve(channel);
    }
  }

  private void serve(SocketChannel socket) {
    MessageChannel channel = new MessageChannel(socket);
    ControlConnection connection = new ControlConnection(this, channel);
    connections.add(connection);
    try {
      pool.execute(connection);
    } catch (RejectedExecutionException e) {
      connections.remove(connection);
      refuse(channel);
    }
  }

  /** Answers BUSY without reading; a short write into a fresh socket's buffer never blocks. */
  private void refuse(MessageChannel channel) {
    log.warn(
        "control socket: {} connections open, refused one more; is a script leaking them?",
        config.maxConnections());
    try (channel;
        Watchdog.Timer ignored = watchdog.arm(channel, config.responseWriteTimeout())) {
      channel.write(
          RequestHandler.error(
              ControlError.BUSY,
              "the agent has "
                  + config.maxConnections()
                  + " control connections open; retry shortly"));
    } catch (IOException | RejectedExecutionException e) {
      log.debug("control socket: could not tell a client it was refused: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "ControlServer[" + dataDir + "]";
  }
}
