package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.fuzz.DecoderContract;
import dev.echomesh.agent.fuzz.DecoderFuzzTest;
import dev.echomesh.agent.testing.FakeAgent;
import dev.echomesh.agent.testing.TestPeers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Fuzzes the local API's handling of request bytes: Netty's HTTP codec with this server's limits,
 * {@link ApiConnection} (request heads, bodies, limits, keep-alive) and the real route table
 * ({@link LocalApi#routes}) over a {@link FakeAgent} that knows one ALIVE peer and no tasks, so every
 * answer comes at once or from the one thread of the administrative endpoints ({@link AdminWork}).
 *
 * <p>Input: the first byte sets the size of the writes (1 to 256 bytes) in which the rest arrives on
 * one connection, as from a client of the control socket; then the client closes it. Checked:
 * whatever is answered is HTTP/1.1, every answer comes within {@link #ANSWER_TIMEOUT},
 * allocation stays in proportion to the input, and once the connection is closed every shared
 * bound is free again (the body budget, the requests in flight, the connection and stream slots),
 * so that one client's bytes never harm the next.
 */
class LocalApiRequestFuzzTest {

  /** Small, so that short inputs reach the limits of a body, the budget and the streams. */
  private static final ControlConfig CONFIG = ControlConfig.builder()
      .maxRequestBytes(1024)
      .maxBufferedBytes(4096)
      .maxConnections(2)
      .maxStreams(1)
      .requestReadTimeout(Duration.ofSeconds(30))
      .build();
  /** The longest an answer (or the close) may take: a hang past it fails the input. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  /** One network thread for every server and client of this JVM, as the control server has. */
  private static final EventLoopGroup LOOP = new DefaultEventLoopGroup(1, new DefaultThreadFactory("fuzz-api", true));
  private static final AtomicLong ADDRESSES = new AtomicLong();
  private static final int MAX_READ_BYTES = 256;

  @DecoderFuzzTest
  void handle_fuzzedRequestBytes_keepsContract(byte[] input) throws Exception {
    // Each call of the decoder (the contract may repeat one) gets a fresh server, built unmeasured.
    Deque<Server> servers = new ArrayDeque<>(2);
    servers.add(new Server());
    servers.add(new Server());
    try {
      String answer = DecoderContract.decodeWithoutException(input,
          DecoderContract.ALLOCATED_BYTES_PER_TEXT_BYTE, bytes -> servers.remove().receive(bytes));
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 "), answer);
    } finally {
      servers.forEach(Server::close);
    }
  }

  /**
   * One local API server over its own fake agent, on an in-memory transport ({@link LocalChannel})
   * and a real event loop, as the real server runs: answers that other threads write (the
   * administrative endpoints) are queued onto the loop, never interleaved with the reads.
   */
  private static final class Server implements AutoCloseable {
    private final FakeAgent agent = new FakeAgent("self");
    private final ApiServerContext context = new ApiServerContext(CONFIG);
    private final Channel listener;

    Server() throws InterruptedException {
      agent.putPeer(TestPeers.peer("alpha").build());
      context.router(LocalApi.routes(agent, CONFIG, context.streams(), new EventHub(), new ServedTasks(CONFIG), 0));
      listener = new ServerBootstrap().group(LOOP).channel(LocalServerChannel.class)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel accepted) {
              HttpControlServer.initPipeline(accepted, CONFIG, new ApiConnection(context));
            }
          })
          .bind(new LocalAddress(LocalApiRequestFuzzTest.class.getSimpleName() + "-" + ADDRESSES.incrementAndGet()))
          .sync().channel();
    }

    /** Feeds {@code input} as described in the class comment; returns every byte answered. */
    String receive(byte[] input) throws Exception {
      ByteArrayOutputStream answered = new ByteArrayOutputStream();
      Channel client = new Bootstrap().group(LOOP).channel(LocalChannel.class)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf buf = (ByteBuf) msg;
              answered.writeBytes(ByteBufUtil.getBytes(buf));
              buf.release();
            }
          })
          .connect(listener.localAddress()).sync().channel();
      int readBytes = input.length == 0 ? 1 : 1 + (input[0] & 0xFF) % MAX_READ_BYTES;
      for (int offset = 1; offset < input.length && client.isActive(); offset += readBytes) {
        client.writeAndFlush(Unpooled.wrappedBuffer(input, offset, Math.min(readBytes, input.length - offset)));
        settle();
      }
      client.close();
      assertTrue(client.closeFuture().await(ANSWER_TIMEOUT.toMillis()), "the connection did not close");
      settle();
      assertBoundsFree();
      return onLoop(answered::toString, ISO_8859_1);
    }

    /**
     * Waits until the loop has handled every byte sent and the request in flight, if any, is
     * answered: administrative endpoints answer from their own thread. An open event or serve
     * stream never ends by itself, and holds the only stream slot.
     */
    private void settle() throws Exception {
      barrier();
      long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
      while (context.inFlight().count() > 0 && !onLoop(this::streamOpen)) {
        assertTrue(System.nanoTime() < deadline, "no answer within " + ANSWER_TIMEOUT);
        context.inFlight().awaitIdle(Duration.ofMillis(1));
      }
      barrier();
    }

    private static void barrier() throws Exception {
      onLoop(() -> null);
    }

    private static <T> T onLoop(Callable<T> task) throws Exception {
      return LOOP.submit(task).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <A, T> T onLoop(Function<A, T> task, A argument) throws Exception {
      return onLoop(() -> task.apply(argument));
    }

    private boolean streamOpen() {
      if (context.streams().tryAcquire()) {
        context.streams().release();
        return false;
      }
      return true;
    }

    private void assertBoundsFree() throws Exception {
      assertTrue(context.inFlight().awaitIdle(ANSWER_TIMEOUT), "a request still in flight after its close");
      assertEquals(0L, onLoop(() -> context.budget().used()), "body bytes still reserved after the close");
      assertFalse(onLoop(this::streamOpen), "a stream slot still held after the close");
      for (int i = 0; i < CONFIG.maxConnections(); i++) {
        assertTrue(context.connections().tryAcquire(), "a connection slot still held after the close");
      }
    }

    @Override
    public void close() {
      listener.close().awaitUninterruptibly(ANSWER_TIMEOUT.toMillis());
      agent.close();
    }
  }
}
