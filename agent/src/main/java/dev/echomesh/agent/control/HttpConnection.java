package dev.echomesh.agent.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A blocking HTTP/1.1 client connection to the local API: a JDK Unix-domain {@link SocketChannel}
 * carries the bytes, Netty's {@link HttpClientCodec} (in an {@link EmbeddedChannel}, so no event
 * loop or native library is loaded) encodes requests and parses responses. Every wait has a
 * deadline. One request at a time; not thread-safe, except {@link #close}, which another thread
 * may call to end a blocked read (it then fails with an IOException).
 */
final class HttpConnection implements AutoCloseable {

  /** A complete response. */
  record Response(int status, HttpHeaders headers, byte[] body) {}

  private static final int READ_BUFFER_BYTES = 64 * 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final SocketChannel socket;
  private final Selector selector;
  private final SelectionKey key;
  private final EmbeddedChannel codec =
      new EmbeddedChannel(new HttpClientCodec(4096, MAX_HEADER_BYTES, READ_BUFFER_BYTES));
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
  private boolean ended;

  private HttpConnection(SocketChannel socket, Selector selector, SelectionKey key) {
    this.socket = socket;
    this.selector = selector;
    this.key = key;
  }

  /**
   * Connects to the agent of {@code dataDir}.
   *
   * @throws AgentNotRunningException when no agent answers there
   */
  static HttpConnection open(Path dataDir) throws IOException {
    SocketChannel socket = ControlSocket.connect(dataDir);
    try {
      socket.configureBlocking(false);
      Selector selector = Selector.open();
      return new HttpConnection(socket, selector, socket.register(selector, 0));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends {@code request} (a full request, the head of one, or a piece of its body) within {@code timeout}. */
  void send(HttpObject request, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    codec.writeOutbound(request);
    for (ByteBuf out; (out = codec.readOutbound()) != null; ) {
      try {
        ByteBuffer bytes = out.nioBuffer();
        while (bytes.hasRemaining()) {
          if (socket.write(bytes) == 0) {
            await(SelectionKey.OP_WRITE, deadline, timeout);
          }
        }
      } finally {
        out.release();
      }
    }
  }

  /**
   * Sends a piece of a request body within {@code timeout}, unless the response starts to arrive
   * first: an agent that answers before reading the whole body (a refusal, a call that failed)
   * is heard at once, instead of after the rest of the body was pushed at it.
   *
   * @return false when a response arrived first; the piece was then not sent, or only in part,
   *     and the request is over (the agent closes the connection after such an answer)
   */
  boolean sendUnlessAnswered(HttpObject piece, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (answerArrived()) {
      ReferenceCountUtil.release(piece);
      return false;
    }
    codec.writeOutbound(piece);
    boolean answered = false;
    for (ByteBuf out; (out = codec.readOutbound()) != null; ) {
      try {
        ByteBuffer bytes = out.nioBuffer();
        while (!answered && bytes.hasRemaining()) {
          if (socket.write(bytes) == 0) {
            await(SelectionKey.OP_WRITE | SelectionKey.OP_READ, deadline, timeout);
            answered = answerArrived();
          }
        }
      } finally {
        out.release();
      }
    }
    return !answered;
  }

  /** Reads what has arrived, without waiting: whether a piece of a response is there to be read. */
  private boolean answerArrived() throws IOException {
    while (!ended && codec.inboundMessages().isEmpty()) {
      int read = socket.read(readBuffer);
      if (read == 0) {
        break;
      }
      accept(read);
    }
    return !codec.inboundMessages().isEmpty();
  }

  /**
   * Reads a whole response of at most {@code maxBodyBytes}.
   *
   * @throws ControlException PROTOCOL when it is bigger, late, malformed, or the connection ends
   */
  Response receive(Duration timeout, int maxBodyBytes) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return rest(head(deadline, timeout), deadline, timeout, maxBodyBytes);
  }

  /** Reads the body that follows {@code head}, for an error answer of a stream request. */
  Response rest(HttpResponse head, Duration timeout) throws IOException {
    return rest(head, System.nanoTime() + timeout.toNanos(), timeout, MAX_ERROR_BODY_BYTES);
  }

  private Response rest(HttpResponse head, long deadline, Duration timeout, int maxBodyBytes)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      HttpObject next = next(deadline, timeout);
      if (!(next instanceof HttpContent content)) {
        throw ClientErrors.protocol("the agent ended the connection in the middle of a response");
      }
      try {
        ClientErrors.checkDecoded(content);
        if (body.size() + (long) content.content().readableBytes() > maxBodyBytes) {
          throw ClientErrors.protocol(
              "the agent's answer is over the client's limit of " + maxBodyBytes + " bytes");
        }
        content.content().readBytes(body, content.content().readableBytes());
      } finally {
        content.release();
      }
      if (next instanceof LastHttpContent) {
        return new Response(head.status().code(), head.headers(), body.toByteArray());
      }
    }
  }

  /** Reads the head of a response within {@code timeout}. */
  HttpResponse head(Duration timeout) throws IOException {
    return head(System.nanoTime() + timeout.toNanos(), timeout);
  }

  /**
   * The next piece of a response body within {@code timeout} (the caller releases it); null when
   * the agent closed the connection.
   */
  HttpContent content(Duration timeout) throws IOException {
    HttpObject next = next(System.nanoTime() + timeout.toNanos(), timeout);
    if (next == null) {
      return null;
    }
    if (!(next instanceof HttpContent content)) {
      throw ClientErrors.protocol("a second response head in the middle of a stream");
    }
    ClientErrors.checkDecoded(content);
    return content;
  }

  @Override
  public void close() {
    codec.finishAndReleaseAll();
    try {
      selector.close();
    } catch (IOException e) {
      // Nothing useful to do: the socket below is closed regardless.
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a Unix socket fails only if it is already broken; nothing is lost.
    }
  }

  private HttpResponse head(long deadline, Duration timeout) throws IOException {
    HttpObject next = next(deadline, timeout);
    if (next == null) {
      throw ClientErrors.protocol("the agent closed the connection without answering");
    }
    if (!(next instanceof HttpResponse head)) {
      throw ClientErrors.protocol("the agent's answer did not start with a response head");
    }
    ClientErrors.checkDecoded(head);
    return head;
  }

  private HttpObject next(long deadline, Duration timeout) throws IOException {
    while (true) {
      Object decoded = codec.readInbound();
      if (decoded != null) {
        return (HttpObject) decoded;
      }
      if (ended) {
        return null;
      }
      readSome(deadline, timeout);
    }
  }

  private void readSome(long deadline, Duration timeout) throws IOException {
    int read;
    while ((read = socket.read(readBuffer)) == 0) {
      await(SelectionKey.OP_READ, deadline, timeout);
    }
    accept(read);
  }

  /** Hands the {@code read} bytes in the read buffer to the codec, or ends the input (-1). */
  private void accept(int read) {
    if (read < 0) {
      ended = true;
      try {
        codec.finish(); // lets the codec end a close-delimited body
      } catch (RuntimeException prematureClose) {
        // The response was cut short; next() reports it as a closed connection.
      }
      return;
    }
    readBuffer.flip();
    codec.writeInbound(Unpooled.copiedBuffer(readBuffer));
    readBuffer.clear();
  }

  private void await(int operation, long deadline, Duration timeout) throws IOException {
    long left = deadline - System.nanoTime();
    long millis = Math.max(1, (left + 999_999) / 1_000_000);
    if (left <= 0) {
      throw ClientErrors.protocol("the agent did not answer within " + timeout.toMillis() + " ms");
    }
    try {
      key.interestOps(operation);
      selector.select(millis);
      selector.selectedKeys().clear();
    } catch (ClosedSelectorException | CancelledKeyException e) {
      // close() from another thread, e.g. a watcher stopping a stream it reads elsewhere.
      throw ClientErrors.protocol("the connection to the agent was closed");
    }
  }
}
