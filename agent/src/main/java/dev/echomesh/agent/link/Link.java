package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established link to one peer (after TLS and Hello): calls multiplexed by call ID in both
 * directions ({@link CallerSide}, {@link CalleeSide}), a clean close with GoAway, and the idle
 * close.
 *
 * <p>All state is confined to the channel's event loop, so the hot path takes no locks; other
 * threads hand work over with {@link #execute}. Writes are flushed once per event-loop pass,
 * so a burst of calls or results leaves in few TLS records and syscalls.
 */
final class Link extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Link.class);

  private enum State { OPEN, DRAINING, CLOSED }

  private final LinkOwner owner;
  private final LinkInfo info;
  private final Channel channel;
  private final EventLoop loop;
  private final Ticker ticker;
  private final long idleTimeoutNanos;
  private final LinkConfig config;
  /** The largest frame this node sends on this link: the smaller of both sides' limits. */
  private final int sendFrameLimitBytes;
  private final BufferBudget buffers;
  private final CallerSide caller;
  private final CalleeSide callee;
  private final Runnable flushTask = this::flushNow;
  private final Runnable idleCheckTask = this::checkIdle;

  private ChannelHandlerContext ctx;
  private State state = State.OPEN;
  private volatile boolean accepting = true;
  private String closeReason = "the connection closed";
  private boolean flushScheduled;
  private long idleSinceNanos;
  private ScheduledFuture<?> idleCheck;

  /** A link to a peer that accepts frames as large as this node's own limit. */
  Link(LinkOwner owner, LinkInfo info, Channel channel, LinkConfig config, int peerMaxInFlight,
      CallHandler handler, Ticker ticker) {
    this(owner, info, channel, config, peerMaxInFlight, config.maxFrameBytes(), handler, ticker);
  }

  /**
   * @param peerMaxInFlight what the peer stated in Hello; 0 = not stated
   * @param sendFrameLimitBytes the largest frame to send the peer, at most this node's own limit
   */
  Link(LinkOwner owner, LinkInfo info, Channel channel, LinkConfig config, int peerMaxInFlight,
      int sendFrameLimitBytes, CallHandler handler, Ticker ticker) {
    this.owner = owner;
    this.info = info;
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.ticker = ticker;
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
    this.config = config;
    this.sendFrameLimitBytes = Math.min(sendFrameLimitBytes, config.maxFrameBytes());
    this.buffers = new BufferBudget(config.streams().maxBufferedBytesPerLink(), owner.stats().buffers());
    int bound = config.maxInFlightCallsPerLink();
    this.caller = new CallerSide(this, loop, ticker, peerMaxInFlight > 0 ? Math.min(peerMaxInFlight, bound) : bound);
    this.callee = new CalleeSide(this, loop, ticker, handler, config);
  }

  NodeId peer() {
    return info.peer();
  }

  LinkInfo info() {
    return info;
  }

  /** Completes when the link's connection has closed. */
  ChannelFuture closeFuture() {
    return channel.closeFuture();
  }

  /** Whether new calls may start on this link (any thread). */
  boolean isAccepting() {
    return accepting;
  }

  LinkStats stats() {
    return owner.stats();
  }

  Ticker ticker() {
    return ticker;
  }

  StreamConfig streams() {
    return config.streams();
  }

  /** The bytes buffered for this link's calls, within the agent's. */
  BufferBudget buffers() {
    return buffers;
  }

  /** The payload bytes per Chunk frame sent on this link: {@link LinkConfig#chunkDataBytes(int)}. */
  int chunkDataBytes() {
    return config.chunkDataBytes(sendFrameLimitBytes);
  }

  /** Whether a payload goes whole in one frame on this link: {@link LinkConfig#fitsOneFrame(int, int, int)}. */
  boolean fitsOneFrame(int textChars, int payloadBytes) {
    return config.fitsOneFrame(textChars, payloadBytes, sendFrameLimitBytes);
  }

  /** The largest frame this node sends on this link: the smaller of both sides' limits. */
  int sendFrameLimitBytes() {
    return sendFrameLimitBytes;
  }

  boolean inEventLoop() {
    return loop.inEventLoop();
  }

  /**
   * Runs {@code task} on the link's event loop; false when the loop no longer takes tasks (the
   * link layer has shut down), in which case the caller settles its call itself.
   */
  boolean execute(Runnable task) {
    try {
      loop.execute(task);
      return true;
    } catch (RejectedExecutionException stopped) {
      return false;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
    idleSinceNanos = ticker.read();
    if (idleTimeoutNanos > 0) {
      idleCheck = loop.schedule(idleCheckTask, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  // ---- calls (on the loop) ----------------------------------------------------------------

  /** Puts {@code call} on the wire; a link that stopped taking calls hands it back to route. */
  void startCall(PendingCall call) {
    if (call.isDone()) {
      return;
    }
    if (state != State.OPEN) {
      owner.reroute(call, this);
      return;
    }
    caller.start(call);
  }

  /** Any thread. */
  void cancelCall(PendingCall call) {
    caller.cancel(call);
  }

  void finishIncoming(InboundCall call, TaskResult result) {
    callee.finish(call, result);
  }

  void openResultStream(InboundCall call, ChunkSender stream) {
    callee.openResultStream(call, stream);
  }

  void resultStreamSent(InboundCall call) {
    callee.resultStreamSent(call);
  }

  /** On the loop: grants the sender of a chunked payload {@code bytes} more credit. */
  void grant(long callId, boolean forResult, int bytes) {
    if (state != State.CLOSED && channel.isActive()) {
      write(new LinkMessage.WindowUpdate(callId, forResult, bytes));
    }
  }

  /** Any thread: {@link #grant}, handed to the loop (dropped when the link layer has stopped). */
  void grantFromAnyThread(long callId, boolean forResult, int bytes) {
    if (inEventLoop()) {
      grant(callId, forResult, bytes);
    } else {
      execute(() -> grant(callId, forResult, bytes));
    }
  }

  void chunkDropped(long callId) {
    owner.stats().chunkDropped(channel, callId);
  }

  /** A call in either direction ended: close a draining link that is now empty, or note idleness. */
  void callEnded() {
    if (caller.isEmpty() && callee.isEmpty()) {
      if (state == State.DRAINING) {
        closeNow();
      } else {
        idleSinceNanos = ticker.read();
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (msg instanceof LinkMessage.Result r) {
      caller.onResult(r);
    } else if (msg instanceof LinkMessage.Call c) {
      if (state == State.OPEN) {
        callee.onCall(peer(), c);
      } else {
        callee.refuse(c.callId(), TaskStatus.UNAVAILABLE, "the link is closing (" + closeReason + "); call again");
      }
    } else if (msg instanceof LinkMessage.Cancel c) {
      callee.onCancel(c);
    } else if (msg instanceof LinkMessage.GoAway g) {
      log.debug("{} stops taking calls on this link: {}", peer(), g.reason());
      startDraining("the peer sent GoAway: " + g.reason(), false);
    } else if (msg instanceof LinkMessage.Chunk c) {
      if (c.forResult()) {
        caller.onChunk(c);
      } else {
        callee.onChunk(c);
      }
    } else if (msg instanceof LinkMessage.WindowUpdate w) {
      if (w.forResult()) {
        callee.onWindowUpdate(w);
      } else {
        caller.onWindowUpdate(w);
      }
    } else {
      protocolError("unexpected " + msg.getClass().getSimpleName() + " on an established link");
    }
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Any thread: sends GoAway, takes no new calls, and closes once the calls in flight ended. */
  void goAway(String reason) {
    accepting = false;
    execute(() -> startDraining(reason, true));
  }

  /**
   * Any thread: ends every call in flight at once with CANCELLED (telling the peer about its
   * calls), then closes. For shutdowns whose grace period is over.
   */
  void abort(String reason) {
    accepting = false;
    execute(() -> {
      closeReason = reason;
      state = State.CLOSED;
      caller.failAll(TaskStatus.CANCELLED, reason);
      callee.interruptAll(TaskStatus.CANCELLED, reason);
      closeNow();
    });
  }

  /**
   * Any thread: closes the link now, without draining; calls in flight end as when the
   * connection is lost (UNAVAILABLE for ours, interrupted for the peer's), with {@code reason}.
   */
  void drop(String reason) {
    accepting = false;
    execute(() -> {
      if (state != State.CLOSED) {
        closeReason = reason;
        closeNow();
      }
    });
  }

  private void startDraining(String reason, boolean tellPeer) {
    if (state != State.OPEN) {
      return;
    }
    state = State.DRAINING;
    accepting = false;
    closeReason = reason;
    owner.draining(this);
    if (tellPeer) {
      write(new LinkMessage.GoAway(reason));
    }
    callEnded();
  }

  private void checkIdle() {
    if (state != State.OPEN) {
      return;
    }
    boolean busy = !caller.isEmpty() || !callee.isEmpty();
    long delay = idleCheckDelay(busy, idleSinceNanos, ticker.read(), idleTimeoutNanos);
    if (delay == 0) {
      startDraining("idle for " + Duration.ofNanos(idleTimeoutNanos).toSeconds() + " s", true);
    } else {
      idleCheck = loop.schedule(idleCheckTask, delay, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * When to look again whether a link is idle: 0 = it is idle now (close it), else the nanos
   * until it would be, if nothing happens.
   */
  static long idleCheckDelay(boolean busy, long idleSinceNanos, long nowNanos, long timeoutNanos) {
    if (busy) {
      return timeoutNanos;
    }
    long left = idleSinceNanos + timeoutNanos - nowNanos;
    return left <= 0 ? 0 : left;
  }

  void protocolError(String reason) {
    owner.stats().frameRejected(ctx.channel(), FrameError.PROTOCOL, reason);
    closeReason = "protocol error: " + reason;
    ctx.close();
  }

  private void closeNow() {
    flushNow();
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    state = State.CLOSED;
    accepting = false;
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    caller.failAll(TaskStatus.UNAVAILABLE,
        "the link to " + peer().shortForm() + " closed before a result (" + closeReason + ")");
    callee.interruptAll(null, closeReason);
    owner.closed(this, closeReason);
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    closeReason = String.valueOf(cause.getMessage());
    if (cause instanceof IOException) {
      log.info("Link to {} failed: {}", Channels.describe(context.channel()), cause.toString());
    } else {
      log.warn("Link to {} failed; closing it", Channels.describe(context.channel()), cause);
    }
    context.close();
  }

  // ---- writing ----------------------------------------------------------------------------

  /** On the loop: queues {@code message}; one flush follows per event-loop pass. */
  void write(LinkMessage message) {
    ctx.write(message, ctx.voidPromise());
    if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    ctx.flush();
  }

  @Override
  public String toString() {
    return "Link[" + peer().shortForm() + (info.dialedByUs() ? ", dialed" : ", accepted") + "]";
  }
}
