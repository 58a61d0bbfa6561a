package dev.echomesh.agent.control;

import dev.echomesh.agent.io.BulkInputStream;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * One call through the local API with the request body sent in chunks from an {@link InputStream}
 * and the result read as it arrives, so that neither is held whole: the client side of a streamed
 * {@code POST /v1/call/{peer}/{task}}.
 */
final class StreamedCall {

  private static final int CHUNK_BYTES = 256 * 1024;
  /** How long to look for an answer the agent sent before it stopped reading the request body. */
  private static final Duration EARLY_ANSWER_WAIT = Duration.ofSeconds(5);

  private StreamedCall() {}

  /**
   * Sends {@code body} to {@code uri} and reads the answer's head; an OK result's payload is read
   * from the returned result, an error result has an empty payload.
   *
   * @param wait how long each write and each read may wait
   */
  static StreamedResult call(HttpConnection connection, String uri, InputStream body, Duration wait)
      throws IOException {
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
    head.headers()
        .set(HttpHeaderNames.HOST, "localhost")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    HttpResponse response;
    try (body) {
      connection.send(head, wait);
      byte[] buffer = new byte[CHUNK_BYTES];
      int n;
      while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
        // Wrapped, not copied: a piece is written whole (or abandoned) before sendBody returns.
        sendBody(connection, new DefaultHttpContent(Unpooled.wrappedBuffer(buffer, 0, n)), wait);
      }
      sendBody(connection, LastHttpContent.EMPTY_LAST_CONTENT, wait);
      response = connection.head(wait);
    } catch (AnsweredEarly early) {
      response = early.response;
    }
    String status = response.headers().get(CallResults.STATUS_HEADER);
    if (status == null) {
      throw ClientErrors.fromResponse(connection.rest(response, wait));
    }
    TaskStatus taskStatus;
    try {
      taskStatus = TaskStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw ClientErrors.protocol("the agent sent an invalid call status: " + status);
    }
    if (taskStatus != TaskStatus.OK) {
      String message = HeaderText.decode(response.headers().get(CallResults.MESSAGE_HEADER));
      connection.rest(response, wait);
      return new StreamedResult(taskStatus, message, InputStream.nullInputStream());
    }
    return new StreamedResult(TaskStatus.OK, "", new Body(connection, wait));
  }

  /**
   * Sends a piece of the body. When the agent answered before the end of the body (a refused or
   * failed call: the agent stops reading the body and closes the connection after its answer),
   * that answer is what counts: it is read and thrown as {@link AnsweredEarly}, and no more of
   * the body is read from its stream.
   */
  private static void sendBody(HttpConnection connection, HttpContent piece, Duration wait) throws IOException {
    boolean sent;
    try {
      sent = connection.sendUnlessAnswered(piece, wait);
    } catch (IOException writeFailed) {
      HttpResponse answer;
      try {
        answer = connection.head(EARLY_ANSWER_WAIT);
      } catch (IOException noAnswer) {
        writeFailed.addSuppressed(noAnswer);
        throw writeFailed;
      }
      throw new AnsweredEarly(answer);
    }
    if (!sent) {
      throw new AnsweredEarly(connection.head(EARLY_ANSWER_WAIT));
    }
  }

  /** The agent answered before the whole request body was sent. */
  private static final class AnsweredEarly extends IOException {
    private final transient HttpResponse response;

    AnsweredEarly(HttpResponse response) {
      super("the agent answered before the end of the request body");
      this.response = response;
    }
  }

  /** The body of an OK answer, piece by piece. */
  private static final class Body extends BulkInputStream {
    private final HttpConnection connection;
    private final Duration wait;
    private HttpContent current;
    private boolean ended;

    Body(HttpConnection connection, Duration wait) {
      this.connection = connection;
      this.wait = wait;
    }

    @Override
    protected int readSome(byte[] buffer, int offset, int length) throws IOException {
      while (!ended && (current == null || !current.content().isReadable())) {
        boolean last = current instanceof LastHttpContent;
        release();
        if (last) {
          ended = true;
          break;
        }
        current = connection.content(wait);
        if (current == null) {
          throw ClientErrors.protocol("the agent ended the connection in the middle of a result");
        }
      }
      if (ended) {
        return -1;
      }
      int n = Math.min(length, current.content().readableBytes());
      current.content().readBytes(buffer, offset, n);
      return n;
    }

    @Override
    public void close() throws IOException {
      release();
      while (!ended) { // read to the end, so that the connection can carry the next request
        current = connection.content(wait);
        if (current == null || current instanceof LastHttpContent) {
          ended = true;
        }
        release();
      }
    }

    private void release() {
      if (current != null) {
        current.release();
        current = null;
      }
    }
  }
}
