package dev.echomesh.agent.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Server-Sent Events stream to a client. Events are numbered 1, 2, 3... on each stream.
 * Sending never blocks and never queues without bound: an event that finds the connection's
 * outbound buffer full is dropped but keeps its number, so the client sees the gap in the IDs. A comment line goes out after every keepalive interval so that both sides notice
 * a connection that went away. Thread-safe.
 */
final class SseStream {

  private static final ByteBuf KEEPALIVE =
      Unpooled.unreleasableBuffer(
          Unpooled.copiedBuffer(": keepalive\n\n", StandardCharsets.US_ASCII));

  private final Channel channel;
  private final Runnable end;
  private final ScheduledFuture<?> keepalive;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong lastId = new AtomicLong();

  SseStream(Channel channel, Duration keepaliveInterval, Runnable end) {
    this.channel = channel;
    this.end = end;
    long nanos = keepaliveInterval.toNanos();
    this.keepalive =
        channel
            .eventLoop()
            .scheduleAtFixedRate(this::sendKeepalive, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Sends one event with the stream's next ID.
   *
   * @param data one line (JSON without newlines)
   * @return false when it was dropped: the stream is closed or the client reads too slowly
   */
  synchronized boolean send(String event, String data) {
    long id = lastId.incrementAndGet();
    if (closed.get() || !channel.isActive() || !channel.isWritable()) {
      return false;
    }
    String text = "id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n";
    channel.writeAndFlush(
        new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    return true;
  }

  /** Whether events can go out now without piling up. */
  boolean isWritable() {
    return !closed.get() && channel.isActive() && channel.isWritable();
  }

  /**
   * Runs {@code task} on the stream's event loop after {@code delayNanos}. A timer here costs a
   * call no extra thread: the loop is woken for the call's event anyway, where a timer on a
   * {@code CompletableFuture} would wake the JDK's delay thread on every call.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the loop has shut down
   */
  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return channel.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Ends the stream (the response ends, the connection closes). Idempotent. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      stopKeepalive();
      end.run();
    }
  }

  void stopKeepalive() {
    keepalive.cancel(false);
  }

  private void sendKeepalive() {
    if (!closed.get() && channel.isActive() && channel.isWritable()) {
      channel.writeAndFlush(new DefaultHttpContent(KEEPALIVE.duplicate()));
    }
  }
}
