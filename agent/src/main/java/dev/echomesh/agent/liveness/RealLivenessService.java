package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.logging.LogThrottle;
import dev.echomesh.agent.liveness.LivenessListener.RoundTrip;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link LivenessService}: owns the transport, the receive thread and the send thread. */
final class RealLivenessService implements LivenessService {

  private static final Logger log = LoggerFactory.getLogger(RealLivenessService.class);

  /** Least time between two log lines of one kind from the datagram paths. */
  static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  /** How long close() waits for a ping round in progress, and then for the receive thread. */
  static final Duration STOP_WAIT = Duration.ofSeconds(1);

  /** Pause after an unexpected receive error, so a persistent one cannot spin the thread. */
  static final Duration RECEIVE_ERROR_BACKOFF = Duration.ofMillis(100);

  /** Reason given in the Leave on close. */
  static final String LEAVE_REASON = "shutdown";

  /** Senders whose replay state is kept; only authenticated members create state. */
  static final int MAX_TRACKED_SENDERS = 4_096;

  private final LivenessConfig config;
  private final LocalNode self;
  private final Transport transport;
  private final Ticker ticker;
  private final Counters counters = new Counters();
  private final PingStatsTable stats;
  private final Pinger pinger;
  private final Prober prober;
  private final Responder responder;
  private final Thread receiveThread;
  private final ScheduledThreadPoolExecutor sendThread;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RealLivenessService(
      LivenessConfig config,
      LocalNode self,
      MeshSecrets secrets,
      PingTargetSource targetSource,
      LivenessListener listener,
      Transport transport,
      Clock wallClock,
      Ticker ticker) {
    this.config = config;
    this.self = self;
    this.transport = new CountingTransport(transport, counters);
    this.ticker = ticker;
    this.sendThread =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "echomesh-liveness-tx");
              thread.setDaemon(true);
              return thread;
            });
    // close() must not wait for, nor run, a round scheduled for later.
    this.sendThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.stats = new PingStatsTable(config.statsWindow(), config.pongTimeout().toNanos(), config.deadAfter().toNanos());
    EnvelopeFactory envelopes = new EnvelopeFactory(self, wallClock);
    PendingPings pending = new PendingPings();
    Targets targets = new Targets(targetSource, config.staticTargets());
    // Before the receive thread starts: a ping answered at once already knows our interfaces.
    targets.refresh();
    byte[] pingKey = secrets.pingKey();
    this.pinger =
        new Pinger(
            envelopes,
            new DatagramCodec(pingKey),
            pending,
            stats,
            targets,
            this.transport,
            counters,
            ticker,
            LOG_INTERVAL.toNanos());
    this.prober =
        new Prober(
            envelopes,
            new DatagramCodec(pingKey),
            targets,
            this.transport,
            counters,
            ticker,
            sendThread);
    this.responder =
        new Responder(
            envelopes,
            new DatagramCodec(pingKey),
            new ReplayGuard(
                config.replayWindow(), config.maxClockSkew().toMillis(), MAX_TRACKED_SENDERS),
            pending,
            prober,
            stats,
            targets,
            this.transport,
            listener,
            counters,
            new ReceiveLog(LOG_INTERVAL.toNanos()),
            wallClock);
    Arrays.fill(pingKey, (byte) 0);
    this.receiveThread = new Thread(this::receiveLoop, "echomesh-liveness-rx");
    this.receiveThread.setDaemon(true);
  }

  /** Starts a service on {@code transport}; the first ping round is sent at once. */
  static RealLivenessService start(
      LivenessConfig config,
      LocalNode self,
      MeshSecrets secrets,
      PingTargetSource targets,
      LivenessListener listener,
      Transport transport,
      Clock wallClock,
      Ticker ticker) {
    RealLivenessService service =
        new RealLivenessService(
            config, self, secrets, targets, listener, transport, wallClock, ticker);
    service.receiveThread.start();
    service.sendThread.execute(service::pingRound);
    log.info(
        "liveness on UDP {}: pinging every {} ms, suspect after {} ms, dead after {} ms, {} static"
            + " target(s)",
        transport.localAddress(),
        config.pingInterval().toMillis(),
        config.suspectAfter().toMillis(),
        config.deadAfter().toMillis(),
        config.staticTargets().size());
    return service;
  }

  @Override
  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  @Override
  public LocalNode self() {
    return self;
  }

  @Override
  public PingStats stats(NodeId peer) {
    return stats.stats(peer, ticker.read());
  }

  @Override
  public CompletableFuture<RoundTrip> probe(InetSocketAddress target, Duration timeout) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(timeout, "timeout");
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("liveness is closed"));
    }
    return prober.probe(target, timeout);
  }

  @Override
  public LivenessCounters counters() {
    return counters.snapshot();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sendThread.shutdown();
    boolean roundsStopped = awaitSendThread();
    if (roundsStopped) {
      pinger.leave(LEAVE_REASON);
    } else {
      log.warn(
          "the liveness send thread did not stop within {} ms; closing without a Leave, peers will"
              + " see this node DEAD after their dead timeout instead of LEFT",
          STOP_WAIT.toMillis());
      sendThread.shutdownNow();
    }
    transport.close();
    prober.failAll(new IllegalStateException("liveness closed before the pong arrived"));
    try {
      receiveThread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (receiveThread.isAlive()) {
      log.warn(
          "the liveness receive thread did not stop within {} ms after its socket closed",
          STOP_WAIT.toMillis());
    }
    log.info("liveness on UDP {} stopped: {}", transport.localAddress(), counters.snapshot());
  }

  private boolean awaitSendThread() {
    try {
      return sendThread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** One round, then the next is scheduled one jittered interval later; ends when closed. */
  private void pingRound() {
    try {
      pinger.pingRound();
    } catch (RuntimeException e) {
      log.warn("a liveness ping round failed; the next one follows as scheduled", e);
    }
    if (closed.get()) {
      return;
    }
    try {
      sendThread.schedule(this::pingRound, nextDelayNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // close() shut the executor down between the check above and here: no more rounds.
      log.debug("liveness stopped while scheduling the next ping round");
    }
  }

  private long nextDelayNanos() {
    long interval = config.pingInterval().toNanos();
    long jitter = config.pingJitter().toNanos();
    return jitter == 0
        ? interval
        : interval + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
  }

  @Override
  public boolean receiveBacklog() {
    return !closed.get() && transport.hasWaiting();
  }

  /** Receives until the transport is closed. */
  private void receiveLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(DatagramCodec.MAX_DATAGRAM_BYTES + 1);
    LogThrottle receiveErrors = new LogThrottle(LOG_INTERVAL.toNanos());
    LogThrottle bugs = new LogThrottle(LOG_INTERVAL.toNanos());
    while (!closed.get()) {
      buffer.clear();
      InetSocketAddress source;
      try {
        source = transport.receive(buffer);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (receiveErrors.note(ticker.read()) > 0) {
          log.warn("receiving a liveness datagram failed; retrying", e);
        }
        LockSupport.parkNanos(RECEIVE_ERROR_BACKOFF.toNanos());
        continue;
      }
      long receivedNanos = ticker.read();
      if (source == null) {
        continue;
      }
      buffer.flip();
      try {
        responder.onDatagram(buffer, source, receivedNanos);
      } catch (RuntimeException e) {
        if (bugs.note(receivedNanos) > 0) {
          log.error("bug: handling a liveness datagram from {} threw; it was dropped", source, e);
        }
      }
    }
  }
}
