package dev.echomesh.agent.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The answer side of one request: exactly one response (complete, chunked, or an event stream).
 * Usable from any thread; Netty queues the writes on the connection's event loop.
 */
final class ApiExchange {

  /** Size of the chunks a raw body is written in. */
  static final int CHUNK_BYTES = 64 * 1024;

  private final Channel channel;
  private final boolean keepAlive;
  /** Whether the request's body has been read whole: the connection can carry another request only then. */
  private final BooleanSupplier bodyRead;
  private final Duration keepaliveInterval;
  private final Consumer<Boolean> finished;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

  /**
   * @param finished run on the event loop once the response is written, with whether the
   *     connection stays open for another request
   */
  ApiExchange(
      Channel channel, boolean keepAlive, Duration keepaliveInterval, Consumer<Boolean> finished) {
    this(channel, keepAlive, () -> true, keepaliveInterval, finished);
  }

  /**
   * For a request whose body is still arriving as it is answered (a streamed call): the
   * connection is kept only if {@code bodyRead} says, when the answer starts, that the body ended.
   */
  ApiExchange(Channel channel, boolean keepAlive, BooleanSupplier bodyRead, Duration keepaliveInterval,
      Consumer<Boolean> finished) {
    this.channel = channel;
    this.keepAlive = keepAlive;
    this.bodyRead = bodyRead;
    this.keepaliveInterval = keepaliveInterval;
    this.finished = finished;
  }

  /** Answers with a JSON body. */
  void json(HttpResponseStatus status, Object tree) {
    json(status, tree, EmptyHttpHeaders.INSTANCE);
  }

  /** Answers with a JSON body and {@code extra} headers. */
  void json(HttpResponseStatus status, Object tree, HttpHeaders extra) {
    if (claim()) {
      boolean stayOpen = stayOpen();
      FullHttpResponse response = Responses.json(status, tree, stayOpen);
      response.headers().add(extra);
      channel.writeAndFlush(response, ending(stayOpen));
    }
  }

  /** Answers with the error's status and JSON error body. */
  void error(ControlException e) {
    if (claim()) {
      boolean stayOpen = stayOpen();
      channel.writeAndFlush(Responses.error(e, stayOpen), ending(stayOpen));
    }
  }

  /** Answers with {@code body} as is, in chunks (chunked transfer encoding). */
  void raw(HttpResponseStatus status, HttpHeaders extra, byte[] body, String contentType) {
    if (!claim()) {
      return;
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    head.headers()
        .add(extra)
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    boolean stayOpen = stayOpen();
    if (!stayOpen) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    channel.write(head);
    for (int offset = 0; offset < body.length; offset += CHUNK_BYTES) {
      int length = Math.min(CHUNK_BYTES, body.length - offset);
      channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(body, offset, length)));
    }
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ending(stayOpen));
  }

  /**
   * Answers with {@code body} read to its end on the calling thread, in chunks (chunked transfer
   * encoding), never held whole: each chunk waits until the one before it was written, at most
   * {@code writeWait}, so a slow client slows the reading. When {@code body} fails part way, the
   * connection is closed (the client sees the body cut short; the status is already sent).
   *
   * @throws IOException when {@code body} fails or the client does not take a chunk in time
   */
  void rawStreamed(HttpResponseStatus status, HttpHeaders extra, InputStream body, String contentType,
      Duration writeWait) throws IOException {
    if (!claim()) {
      return;
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    head.headers()
        .add(extra)
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    boolean stayOpen = stayOpen();
    if (!stayOpen) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture previous = channel.writeAndFlush(head);
    byte[] buffer = new byte[CHUNK_BYTES];
    try {
      int n;
      while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
        awaitWritten(previous, writeWait);
        previous = channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, n)));
      }
      awaitWritten(previous, writeWait);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ending(stayOpen));
  }

  private static void awaitWritten(ChannelFuture write, Duration wait) throws IOException {
    try {
      if (!write.await(wait.toMillis())) {
        throw new IOException("the client did not take its answer within " + wait.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing an answer");
    }
    if (!write.isSuccess()) {
      throw new IOException("writing the answer failed: " + write.cause());
    }
  }

  /**
   * Answers with an event stream ({@code text/event-stream}) that lasts until {@link
   * SseStream#close} or the client goes away. The body is not chunked: it ends when the
   * connection closes ({@code Connection: close}), which a stream does anyway. Without chunk
   * framing, a client reads each event line straight from its socket buffer (Python's {@code
   * http.client} took 16 us of CPU per event through its chunk decoder, 5 us without).
   */
  SseStream stream() {
    if (!claim()) {
      throw new IllegalStateException("this request was already answered");
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    channel.writeAndFlush(head);
    SseStream stream = new SseStream(channel, keepaliveInterval, this::endStream);
    onClose(stream::stopKeepalive);
    return stream;
  }

  /** Whether the connection is still open. */
  boolean isOpen() {
    return !closed.get() && channel.isActive();
  }

  /**
   * Runs {@code listener} once when the connection closes before or after the answer; at once if
   * it is closed already.
   */
  void onClose(Runnable listener) {
    closeListeners.add(listener);
    if (closed.get() && closeListeners.remove(listener)) {
      listener.run();
    }
  }

  /** Called by the connection when it closes. */
  void connectionClosed() {
    if (closed.compareAndSet(false, true)) {
      for (Runnable listener : closeListeners) {
        if (closeListeners.remove(listener)) {
          listener.run();
        }
      }
    }
  }

  private void endStream() {
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ending(false));
  }

  /** Whether the connection may carry another request after this answer; decided as it starts. */
  private boolean stayOpen() {
    return keepAlive && bodyRead.getAsBoolean();
  }

  private boolean claim() {
    return answered.compareAndSet(false, true);
  }

  /**
   * The promise of the response's last write, with the end of the exchange already attached: a
   * listener added after writing from another thread could run after the client's next request
   * arrived, which would then look pipelined.
   */
  private ChannelPromise ending(boolean stayOpen) {
    ChannelPromise written = channel.newPromise();
    written.addListener(
        future -> {
          if (!future.isSuccess() || !stayOpen) {
            channel.close();
          }
          finished.accept(future.isSuccess() && stayOpen);
        });
    return written;
  }
}
