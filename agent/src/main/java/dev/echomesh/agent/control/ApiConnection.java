package dev.echomesh.agent.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the local API, after Netty's HTTP codec: admits it within the connection limit,
 * collects each request's body within the limits, routes the complete request to its endpoint, and
 * keeps the connection to one request at a time. Bad input is answered with its error and the
 * connection closed; it costs other connections nothing. Event-loop confined.
 *
 * <p>Timeouts: a connection has {@link ControlConfig#requestReadTimeout()} to deliver each
 * complete request (from its opening or the end of the previous response); one that has begun no
 * request by then is closed without an answer, one with a request begun gets 408. A response in progress
 * (a call waiting for its result, a stream) is not limited here, but each write is, by the write
 * timeout in front of the codec.
 */
final class ApiConnection extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ApiConnection.class);

  /**
   * 1 MiB: a body longer than this goes to a {@link StreamingEndpoint} as a stream instead of
   * being collected (the link's single-frame bound: shorter calls keep the one-frame path).
   */
  static final int STREAM_BODY_ABOVE_BYTES = 1024 * 1024;
  /** 1 MiB (a link window): a streamed body's bytes queued before the connection stops reading. */
  static final int STREAM_HIGH_WATER_BYTES = 1024 * 1024;

  private final ApiServerContext context;
  private final RequestGuard guard;
  private final Supplier<Router> routes;
  private boolean admitted;
  private ScheduledFuture<?> readTimer;
  /** The request being received, until its last chunk. */
  private HttpRequest receiving;
  private Router.Match route;
  private RequestBody body;
  /** Where a long body goes, if the route can take it as a stream. */
  private StreamingEndpoint streamable;
  /** The body being streamed, until its last chunk. */
  private BodyStream streaming;
  /** The request being answered. */
  private ApiExchange answering;
  /** After an error answer: ignore everything until the connection closes. */
  private boolean discarding;

  /** A connection to the Unix socket: every request admitted, the API's routes. */
  ApiConnection(ApiServerContext context) {
    this(context, RequestGuard.NONE, context::router);
  }

  /**
   * @param guard checks each request before it is routed
   * @param routes the routes of this connection's listener
   */
  ApiConnection(ApiServerContext context, RequestGuard guard, Supplier<Router> routes) {
    this.context = context;
    this.guard = guard;
    this.routes = routes;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!context.connections().tryAcquire()) {
      log.warn(
          "local API: {} connections open, refused one more; is a program leaking them?",
          context.config().maxConnections());
      refuse(
          ctx,
          new ControlException(
              ControlError.BUSY,
              "the agent has "
                  + context.config().maxConnections()
                  + " local API connections open; retry shortly"));
      return;
    }
    admitted = true;
    armReadTimer(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelReadTimer();
    releaseBody();
    if (streaming != null) {
      streaming.fail("the client closed the connection before the end of the request body");
      streaming = null;
    }
    ApiExchange exchange = answering;
    endAnswer();
    if (exchange != null) {
      exchange.connectionClosed();
    }
    if (admitted) {
      admitted = false;
      context.connections().release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (discarding || !admitted) {
        return;
      }
      if (msg instanceof HttpRequest request) {
        onRequest(ctx, request);
      }
      if (msg instanceof HttpContent content && receiving != null) {
        onContent(ctx, content);
      }
    } catch (ControlException e) {
      refuse(ctx, e);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) throws ControlException {
    if (answering != null || receiving != null) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          "a request arrived before the previous one was answered (pipelining is not supported)");
    }
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      Throwable cause = decoded.cause();
      if (cause instanceof TooLongFrameException) {
        throw new ControlException(
            ControlError.REQUEST_TOO_LARGE, "the request line or headers are too long");
      }
      throw new ControlException(
          ControlError.MALFORMED_REQUEST, "not a valid HTTP request: " + cause.getMessage());
    }
    if (!context.isAccepting()) {
      throw new ControlException(ControlError.SHUTTING_DOWN, "the agent is shutting down");
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    guard.admit(request, uri.rawPath());
    route = routes.get().find(request.method(), uri.rawPath());
    streamable = route.endpoint() instanceof StreamingEndpoint endpoint
        && endpoint.streams(apiRequest(request, new byte[0])) ? endpoint : null;
    long announced = HttpUtil.getContentLength(request, -1L);
    if (announced > context.config().maxRequestBytes() && streamable == null) {
      throw new ControlException(
          ControlError.REQUEST_TOO_LARGE,
          "the request body ("
              + announced
              + " bytes) is over the agent's limit of "
              + context.config().maxRequestBytes()
              + " bytes");
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    receiving = request;
    body = new RequestBody(context.budget(), context.config().maxRequestBytes(), ctx.alloc());
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) throws ControlException {
    if (content.decoderResult().isFailure()) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          "the request body is not valid HTTP: " + content.decoderResult().cause().getMessage());
    }
    boolean last = content instanceof LastHttpContent;
    if (streaming == null && streamable != null
        && body.size() + (long) content.content().readableBytes() > streamThreshold()) {
      cancelReadTimer();
      openStream(ctx);
    }
    if (streaming != null) {
      streaming.offer(content.content());
      if (last) {
        streaming.end();
        streaming = null;
        receiving = null;
      }
      return;
    }
    body.add(content.content());
    if (last) {
      cancelReadTimer();
      dispatch(ctx);
    }
  }

  private int streamThreshold() {
    return Math.min(STREAM_BODY_ABOVE_BYTES, context.config().maxRequestBytes());
  }

  /**
   * Hands the request to its streaming endpoint with what arrived of the body so far; the rest is
   * offered as it arrives. The connection is kept for another request only when the whole body
   * had arrived by the time the answer started (a refusal may be answered while the client still
   * sends; the rest is then never read, and the connection closes).
   */
  private void openStream(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    streaming = new BodyStream(STREAM_HIGH_WATER_BYTES, () -> channel.config().setAutoRead(false),
        () -> channel.config().setAutoRead(true), context.config().requestReadTimeout().toNanos(),
        context.config().ticker());
    ByteBuf collected = Unpooled.wrappedBuffer(body.bytes());
    streaming.offer(collected);
    collected.release();
    BodyStream opened = streaming;
    ApiExchange exchange = new ApiExchange(channel, HttpUtil.isKeepAlive(receiving) && context.isAccepting(),
        opened::ended, context.config().streamKeepaliveInterval(), stayOpen -> finished(ctx, stayOpen));
    answering = exchange;
    exchange.onClose(() -> opened.fail("the connection closed"));
    context.inFlight().begin();
    try {
      streamable.open(apiRequest(receiving, new byte[0]), opened, exchange);
    } catch (ControlException e) {
      opened.close();
      exchange.error(e);
    } catch (RuntimeException e) {
      opened.close();
      log.error("local API: {} {} failed", receiving.method(), receiving.uri(), e);
      exchange.error(new ControlException(ControlError.INTERNAL, "the agent failed: " + e));
    }
  }

  private ApiRequest apiRequest(HttpRequest request, byte[] bytes) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    return new ApiRequest(request.method(), uri.path(), route.params(), uri.parameters(), request.headers(), bytes);
  }

  private void dispatch(ChannelHandlerContext ctx) {
    HttpRequest request = receiving;
    receiving = null;
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    ApiRequest api = apiRequest(request, body.bytes());
    boolean keepAlive = HttpUtil.isKeepAlive(request) && context.isAccepting();
    ApiExchange exchange =
        new ApiExchange(
            ctx.channel(),
            keepAlive,
            context.config().streamKeepaliveInterval(),
            stayOpen -> finished(ctx, stayOpen));
    answering = exchange;
    context.inFlight().begin();
    try {
      route.endpoint().handle(api, exchange);
    } catch (ControlException e) {
      exchange.error(e);
    } catch (RuntimeException e) {
      log.error("local API: {} {} failed", request.method(), uri.path(), e);
      exchange.error(new ControlException(ControlError.INTERNAL, "the agent failed: " + e));
    }
  }

  /** The response is written (or failed); runs on the event loop. */
  private void finished(ChannelHandlerContext ctx, boolean stayOpen) {
    if (answering == null) {
      return; // the connection closed first
    }
    endAnswer();
    releaseBody();
    if (stayOpen && ctx.channel().isActive()) {
      armReadTimer(ctx);
    }
  }

  /** Answers {@code e} and closes: the rest of the request, if any, is never read. */
  private void refuse(ChannelHandlerContext ctx, ControlException e) {
    log.debug("local API: refused a request and closed its connection: {}", e.getMessage());
    discarding = true;
    receiving = null;
    if (streaming != null) {
      streaming.fail(e.getMessage());
      streaming = null;
    }
    cancelReadTimer();
    releaseBody();
    if (answering != null) {
      // A response is in progress: no second one can follow; just end the connection.
      ctx.close();
      return;
    }
    ctx.writeAndFlush(Responses.error(e, false))
        .addListener(future -> ctx.close());
  }

  private void endAnswer() {
    if (answering != null) {
      answering = null;
      context.inFlight().end();
    }
  }

  private void armReadTimer(ChannelHandlerContext ctx) {
    cancelReadTimer();
    readTimer =
        ctx.executor()
            .schedule(
                () -> readTimedOut(ctx),
                context.config().requestReadTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
  }

  /**
   * A request begun but not complete gets 408; a connection with no request begun (kept open after
   * its last response, or never used) is closed without an answer, as HTTP servers close idle
   * connections: a 408 there would be read as the answer to the client's next request.
   */
  private void readTimedOut(ChannelHandlerContext ctx) {
    readTimer = null;
    if (receiving == null && answering == null) {
      log.debug("local API: closed a connection unused for {}", context.config().requestReadTimeout());
      discarding = true;
      ctx.close();
      return;
    }
    refuse(
        ctx,
        new ControlException(
            ControlError.REQUEST_TIMEOUT,
            "no complete request within "
                + context.config().requestReadTimeout().toMillis()
                + " ms"));
  }

  private void cancelReadTimer() {
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof WriteTimeoutException) {
      log.info(
          "local API: a client did not read its response within {}; closed its connection",
          context.config().responseWriteTimeout());
    } else {
      log.debug("local API: connection failed: {}", cause.toString());
    }
    ctx.close();
  }
}
