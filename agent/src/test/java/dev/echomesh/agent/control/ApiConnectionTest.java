package dev.echomesh.agent.control;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP handling of the local API, driven byte by byte through an {@link EmbeddedChannel}. */
class ApiConnectionTest {

  private static final int MAX_BODY = 2048;

  private final ControlConfig config =
      ControlConfig.builder()
          .maxRequestBytes(MAX_BODY)
          .maxBufferedBytes(3000)
          .maxConnections(3)
          .maxStreams(1)
          .requestReadTimeout(Duration.ofSeconds(30))
          .build();
  private final ApiServerContext context = new ApiServerContext(config);
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  /** Answers of the endpoint that never answers by itself. */
  private final List<ApiExchange> parked = new ArrayList<>();
  /** Event streams the stream endpoint opened. */
  private final List<SseStream> streams = new ArrayList<>();

  ApiConnectionTest() {
    context.router(
        new Router()
            .add(GET, "/v1/hello", (request, exchange) -> exchange.json(
                HttpResponseStatus.OK, ApiJson.object().put("hello", "world")))
            .add(POST, "/v1/echo/{word}", (request, exchange) -> exchange.json(
                HttpResponseStatus.OK,
                ApiJson.object()
                    .put("word", request.pathParam("word"))
                    .put("bytes", request.body().length)))
            .add(POST, "/v1/json", (request, exchange) -> exchange.json(
                HttpResponseStatus.OK, request.json()))
            .add(GET, "/v1/park", (request, exchange) -> parked.add(exchange))
            .add(GET, "/v1/stream", (request, exchange) -> streams.add(exchange.stream())));
  }

  @AfterEach
  void closeChannels() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  @Test
  void get_knownEndpoint_jsonAndConnectionKeptOpen() {
    EmbeddedChannel channel = open();
    String answer = send(channel, "GET /v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
    assertTrue(answer.contains("{\"hello\":\"world\"}"), answer);
    assertTrue(channel.isOpen());
    String again = send(channel, "GET /v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(again.startsWith("HTTP/1.1 200 OK"), again);
  }

  @Test
  void get_unknownEndpoint_404WithErrorBody() {
    String answer = send(open(), "GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
    assertTrue(answer.contains("\"error\":\"unknown_endpoint\""), answer);
  }

  @Test
  void wrongMethod_405NamingTheAllowedOne() {
    String answer = send(open(), "DELETE /v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
    assertTrue(answer.toLowerCase().contains("allow: get"), answer);
    assertTrue(answer.contains("\"error\":\"method_not_allowed\""), answer);
  }

  @Test
  void post_malformedJson_400WithOneLineMessage() {
    String body = "{\"tasks\": [";
    String answer =
        send(open(), "POST /v1/json HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
            + "\r\n\r\n" + body);
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("\"error\":\"malformed_request\""), answer);
    assertTrue(answer.contains("malformed JSON"), answer);
  }

  @Test
  void post_pathSegmentsPercentDecoded() {
    String answer = send(open(), "POST /v1/echo/a%20b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    assertTrue(answer.contains("\"word\":\"a b\""), answer);
    assertTrue(answer.contains("\"bytes\":3"), answer);
  }

  @Test
  void post_announcedBodyOverLimit_413BeforeAnyByteAndClosed() {
    EmbeddedChannel channel = open();
    String answer =
        send(channel, "POST /v1/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 16777216\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertTrue(answer.contains("\"error\":\"request_too_large\""), answer);
    assertFalse(channel.isOpen());
    assertEquals(0, context.budget().used());
  }

  @Test
  void post_chunkedBodyOverLimit_413AtTheFirstByteOver() {
    EmbeddedChannel channel = open();
    send(channel, "POST /v1/echo/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    String chunk = "x".repeat(1500);
    String answer = send(channel, Integer.toHexString(1500) + "\r\n" + chunk + "\r\n");
    assertEquals("", answer);
    answer = send(channel, Integer.toHexString(1500) + "\r\n" + chunk + "\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertFalse(channel.isOpen());
    assertEquals(0, context.budget().used());
  }

  @Test
  void stalledBodies_overTheSharedBudget_503ForTheOneOverAndOthersUnharmed() {
    EmbeddedChannel first = open();
    EmbeddedChannel second = open();
    String head = "POST /v1/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n";
    send(first, head + "y".repeat(1900));
    String answer = send(second, head + "y".repeat(1900));
    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
    assertTrue(answer.contains("\"error\":\"busy\""), answer);
    assertFalse(second.isOpen());
    String finished = send(first, "y".repeat(100));
    assertTrue(finished.contains("\"bytes\":2000"), finished);
    assertEquals(0, context.budget().used());
  }

  @Test
  void slowClient_noCompleteRequestInTime_408AndClosed() {
    EmbeddedChannel channel = open();
    send(channel, "POST /v1/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    String answer = outbound(channel);
    assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
    assertTrue(answer.contains("\"error\":\"request_timeout\""), answer);
    assertFalse(channel.isOpen());
    assertEquals(0, context.budget().used());
  }

  @Test
  void idleKeepAlive_noRequestBegunInTime_closedWithoutAnAnswer() {
    EmbeddedChannel channel = open();
    String first = send(channel, "GET /v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(first.startsWith("HTTP/1.1 200"), first);
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertEquals("", outbound(channel));
    assertFalse(channel.isOpen());
  }

  @Test
  void garbage_400AndClosed() {
    EmbeddedChannel channel = open();
    String answer = send(channel, "\u0001\u0002 not http at all\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertFalse(channel.isOpen());
  }

  @Test
  void headersTooLong_413AndClosed() {
    EmbeddedChannel channel = open();
    String answer =
        send(channel, "GET /v1/hello HTTP/1.1\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertFalse(channel.isOpen());
  }

  @Test
  void connectionsOverTheLimit_503Busy() {
    open();
    open();
    open();
    EmbeddedChannel fourth = open();
    String answer = outbound(fourth);
    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
    assertTrue(answer.contains("\"error\":\"busy\""), answer);
  }

  @Test
  void pipelinedRequest_whileOneIsAnswered_connectionClosed() {
    EmbeddedChannel channel = open();
    send(channel, "GET /v1/park HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(1, parked.size());
    send(channel, "GET /v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assertFalse(channel.isOpen());
  }

  @Test
  void closedWhileAnswering_closeListenersRun() {
    EmbeddedChannel channel = open();
    send(channel, "GET /v1/park HTTP/1.1\r\nHost: x\r\n\r\n");
    boolean[] ran = new boolean[1];
    parked.get(0).onClose(() -> ran[0] = true);
    channel.close();
    assertTrue(ran[0]);
    assertEquals(0, context.inFlight().count());
  }

  @Test
  void shuttingDown_503() {
    context.stopAccepting();
    String answer = send(open(), "GET /v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
    assertTrue(answer.contains("\"error\":\"shutting_down\""), answer);
  }

  @Test
  void expectContinue_100ThenAnswer() {
    String answer =
        send(open(), "POST /v1/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
            + "Expect: 100-continue\r\n\r\nok");
    assertTrue(answer.startsWith("HTTP/1.1 100 Continue"), answer);
    assertTrue(answer.contains("\"bytes\":2"), answer);
  }

  @Test
  void stream_eventsAsPlainLines_notChunked_closedWhenTheStreamEnds() {
    EmbeddedChannel channel = open();
    String head = send(channel, "GET /v1/stream HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
    assertTrue(head.toLowerCase().contains("connection: close"), head);
    assertFalse(head.toLowerCase().contains("transfer-encoding"), head);
    assertTrue(streams.get(0).send("call", "{\"call\":1}"));
    channel.runPendingTasks();
    assertEquals("id: 1\nevent: call\ndata: {\"call\":1}\n\n", outbound(channel));
    streams.get(0).close();
    channel.runPendingTasks();
    assertEquals("", outbound(channel));
    assertFalse(channel.isOpen());
  }

  private EmbeddedChannel open() {
    EmbeddedChannel channel =
        new EmbeddedChannel(new HttpServerCodec(4096, 8192, 65536), new ApiConnection(context));
    channel.freezeTime();
    channels.add(channel);
    return channel;
  }

  private static String send(EmbeddedChannel channel, String bytes) {
    if (channel.isOpen()) {
      channel.writeInbound(Unpooled.copiedBuffer(bytes, UTF_8));
    }
    return outbound(channel);
  }

  private static String outbound(EmbeddedChannel channel) {
    channel.runPendingTasks();
    StringBuilder out = new StringBuilder();
    for (Object message; (message = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) message;
      out.append(buf.toString(UTF_8));
      buf.release();
    }
    return out.toString();
  }
}
