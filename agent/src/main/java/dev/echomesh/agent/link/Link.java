package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.collection.LongObjectHashMap;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established link to one peer (after TLS and Hello): multiplexes calls in both directions
 * by call ID, bounds them, enforces their deadlines, and closes cleanly.
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
  private final CallHandler handler;
  private final Ticker ticker;
  private final Clock clock;
  private final int maxOutgoing;
  private final int maxIncoming;
  private final int maxFrameBytes;
  private final long defaultCallTimeoutNanos;
  private final long idleTimeoutNanos;

  private final LongObjectHashMap<PendingCall> outgoing = new LongObjectHashMap<>();
  private final LongObjectHashMap<InboundCall> incoming = new LongObjectHashMap<>();
  private final Runnable flushTask = this::flushNow;
  private final Runnable idleCheckTask = this::checkIdle;
  private ChannelHandlerContext ctx;
  private long nextCallId = 1;
  private State state = State.OPEN;
  private volatile boolean accepting = true;
  private String closeReason = "the connection closed";
  private boolean flushScheduled;
  private long idleSinceNanos;
  private ScheduledFuture<?> idleCheck;

  /**
   * @param peerMaxInFlight what the peer stated in Hello; 0 = not stated
   */
  Link(LinkOwner owner, LinkInfo info, Channel channel, LinkConfig config, int peerMaxInFlight,
      CallHandler handler, Ticker ticker) {
    this.owner = owner;
    this.info = info;
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.handler = handler;
    this.ticker = ticker;
    this.clock = config.clock();
    this.maxIncoming = config.maxInFlightCallsPerLink();
    this.maxOutgoing = peerMaxInFlight > 0 ? Math.min(peerMaxInFlight, maxIncoming) : maxIncoming;
    this.maxFrameBytes = config.maxFrameBytes();
    this.defaultCallTimeoutNanos = config.defaultCallTimeout().toNanos();
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
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

  boolean inEventLoop() {
    return loop.inEventLoop();
  }

  void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
    idleSinceNanos = ticker.nanoTime();
    if (idleTimeoutNanos > 0) {
      idleCheck = loop.schedule(idleCheckTask, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  // ---- caller side ------------------------------------------------------------------------

  /** On the loop: puts {@code call} on the wire, or ends it at once when it cannot go. */
  void startCall(PendingCall call) {
    if (call.isDone()) {
      return;
    }
    if (state != State.OPEN) {
      owner.reroute(call, this);
      return;
    }
    if (outgoing.size() >= maxOutgoing) {
      call.fail(TaskStatus.OVERLOADED, maxOutgoing + " calls to " + peer().shortForm()
          + " are already in flight on this link (the limit); retry later");
      return;
    }
    long remaining = call.deadlineNanos - ticker.nanoTime();
    if (remaining <= 0) {
      call.fail(TaskStatus.TIMEOUT, call.timeoutMessage());
      return;
    }
    long id = nextCallId++;
    call.callId = id;
    outgoing.put(id, call);
    call.timer = loop.schedule(call, remaining, TimeUnit.NANOSECONDS);
    write(new LinkMessage.Call(id, call.task, call.payload, ceilMillis(remaining), false));
  }

  /** On the loop: the deadline of {@code call} passed. */
  void expireCall(PendingCall call) {
    if (outgoing.get(call.callId) != call) {
      return;
    }
    outgoing.remove(call.callId);
    call.fail(TaskStatus.TIMEOUT, call.timeoutMessage());
    write(new LinkMessage.Cancel(call.callId, "deadline passed"));
    callEnded();
  }

  /** Any thread: the caller cancelled {@code call}'s future. */
  void cancelCall(PendingCall call) {
    loop.execute(() -> {
      if (call.callId != 0 && outgoing.get(call.callId) == call) {
        outgoing.remove(call.callId);
        call.timer.cancel(false);
        write(new LinkMessage.Cancel(call.callId, "cancelled by the caller"));
        callEnded();
      }
    });
  }

  private void onResult(LinkMessage.Result message) {
    PendingCall call = outgoing.remove(message.callId());
    if (call == null) {
      return; // answered after its deadline or cancellation: the caller has its status already
    }
    call.timer.cancel(false);
    call.complete(message.result());
    callEnded();
  }

  // ---- callee side ------------------------------------------------------------------------

  private void onCall(LinkMessage.Call message) {
    long id = message.callId();
    if (state != State.OPEN) {
      write(new LinkMessage.Result(id, TaskResult.error(TaskStatus.UNAVAILABLE,
          "the link is closing (" + closeReason + "); call again")));
      return;
    }
    if (message.chunked()) {
      write(new LinkMessage.Result(id, TaskResult.error(TaskStatus.INVALID,
          "chunked payloads are not supported by this agent")));
      return;
    }
    if (incoming.containsKey(id)) {
      protocolError("call ID " + id + " is already in flight");
      return;
    }
    if (incoming.size() >= maxIncoming) {
      write(new LinkMessage.Result(id, TaskResult.error(TaskStatus.OVERLOADED,
          maxIncoming + " calls from this node are already in flight (the limit); retry later")));
      return;
    }
    long timeoutNanos = message.timeoutMillis() == 0
        ? defaultCallTimeoutNanos
        : TimeUnit.MILLISECONDS.toNanos(message.timeoutMillis());
    InboundCall call = new InboundCall(this, id);
    incoming.put(id, call);
    call.timer = loop.schedule(() -> expireIncoming(call), timeoutNanos, TimeUnit.NANOSECONDS);
    TaskRequest request = new TaskRequest(peer(), message.task(), message.payload(),
        clock.instant().plusNanos(timeoutNanos));
    try {
      call.handle = handler.start(request, call);
    } catch (RuntimeException e) {
      log.error("The call handler failed to start '{}' for {}", message.task(), peer(), e);
      finishIncoming(call, TaskResult.error(TaskStatus.FAILED, "the callee failed to start the task: " + e));
    }
  }

  /** On the loop: the result of {@code call} is ready. */
  void finishIncoming(InboundCall call, TaskResult result) {
    if (incoming.get(call.callId) != call) {
      return; // cancelled or expired: its status was settled already
    }
    incoming.remove(call.callId);
    call.timer.cancel(false);
    TaskResult toSend = result;
    if (FrameConverter.frameBytesBound(result) > maxFrameBytes) {
      toSend = TaskResult.error(TaskStatus.FAILED, "the task's result of " + result.payload().length
          + " bytes does not fit the frame limit of " + maxFrameBytes + " bytes");
    }
    write(new LinkMessage.Result(call.callId, toSend));
    callEnded();
  }

  private void expireIncoming(InboundCall call) {
    if (incoming.get(call.callId) != call) {
      return;
    }
    incoming.remove(call.callId);
    call.handle.interrupt();
    write(new LinkMessage.Result(call.callId,
        TaskResult.error(TaskStatus.TIMEOUT, "the deadline passed at the callee; the task was interrupted")));
    callEnded();
  }

  private void onCancel(LinkMessage.Cancel message) {
    InboundCall call = incoming.remove(message.callId());
    if (call != null) {
      call.timer.cancel(false);
      call.handle.interrupt();
      callEnded();
    }
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Any thread: sends GoAway, takes no new calls, and closes once the calls in flight ended. */
  void goAway(String reason) {
    accepting = false;
    loop.execute(() -> startDraining(reason, true));
  }

  /**
   * Any thread: ends every call in flight at once with CANCELLED (telling the peer about its
   * calls), then closes. For shutdowns whose grace period is over.
   */
  void abort(String reason) {
    accepting = false;
    loop.execute(() -> {
      closeReason = reason;
      state = State.CLOSED;
      for (PendingCall call : drain(outgoing)) {
        call.timer.cancel(false);
        call.fail(TaskStatus.CANCELLED, reason);
      }
      for (InboundCall call : drain(incoming)) {
        call.timer.cancel(false);
        call.handle.interrupt();
        write(new LinkMessage.Result(call.callId, TaskResult.error(TaskStatus.CANCELLED, reason)));
      }
      closeNow();
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
    if (outgoing.isEmpty() && incoming.isEmpty()) {
      closeNow();
    }
  }

  private void onGoAway(LinkMessage.GoAway message) {
    log.debug("{} stops taking calls on this link: {}", peer(), message.reason());
    startDraining("the peer sent GoAway: " + message.reason(), false);
  }

  private void callEnded() {
    if (outgoing.isEmpty() && incoming.isEmpty()) {
      if (state == State.DRAINING) {
        closeNow();
      } else {
        idleSinceNanos = ticker.nanoTime();
      }
    }
  }

  private void checkIdle() {
    if (state != State.OPEN) {
      return;
    }
    boolean busy = !outgoing.isEmpty() || !incoming.isEmpty();
    long delay = idleCheckDelay(busy, idleSinceNanos, ticker.nanoTime(), idleTimeoutNanos);
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

  private void closeNow() {
    flushNow();
    ctx.close();
  }

  private void protocolError(String reason) {
    owner.stats().frameRejected(ctx.channel(), FrameError.PROTOCOL, reason);
    closeReason = "protocol error: " + reason;
    ctx.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (msg instanceof LinkMessage.Result r) {
      onResult(r);
    } else if (msg instanceof LinkMessage.Call c) {
      onCall(c);
    } else if (msg instanceof LinkMessage.Cancel c) {
      onCancel(c);
    } else if (msg instanceof LinkMessage.GoAway g) {
      onGoAway(g);
    } else if (msg instanceof LinkMessage.Chunk) {
      owner.stats().unsupportedFrame(context.channel(), "a Chunk frame");
    } else {
      protocolError("unexpected " + msg.getClass().getSimpleName() + " on an established link");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    state = State.CLOSED;
    accepting = false;
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    String reason = "the link to " + peer().shortForm() + " closed before a result (" + closeReason + ")";
    for (PendingCall call : drain(outgoing)) {
      call.timer.cancel(false);
      call.fail(TaskStatus.UNAVAILABLE, reason);
    }
    for (InboundCall call : drain(incoming)) {
      call.timer.cancel(false);
      call.handle.interrupt();
    }
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

  private void write(LinkMessage message) {
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

  private static long ceilMillis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }

  private static <V> List<V> drain(LongObjectHashMap<V> calls) {
    List<V> values = new ArrayList<>(calls.values());
    calls.clear();
    return values;
  }

  @Override
  public String toString() {
    return "Link[" + peer().shortForm() + (info.dialedByUs() ? ", dialed" : ", accepted") + "]";
  }
}
