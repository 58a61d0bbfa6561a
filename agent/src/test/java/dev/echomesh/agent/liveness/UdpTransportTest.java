package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real UDP socket, on 127.0.0.1 only. */
class UdpTransportTest {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private static String receive(UdpTransport transport, InetSocketAddress expectedSource) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    InetSocketAddress source = transport.receive(buffer);
    assertEquals(expectedSource, source);
    buffer.flip();
    return StandardCharsets.UTF_8.decode(buffer).toString();
  }

  private static void send(UdpTransport from, UdpTransport to, String text) throws Exception {
    from.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), to.localAddress());
  }

  @ParameterizedTest(name = "poll window {0} us")
  @ValueSource(longs = {0, 30, 1000})
  void receive_datagramsBackAndForth_arriveWithTheirSource(long pollMicros) throws Exception {
    Duration window = Duration.ofNanos(pollMicros * 1000);
    try (UdpTransport a = UdpTransport.bind(LOOPBACK, window); UdpTransport b = UdpTransport.bind(LOOPBACK, window)) {
      for (int i = 0; i < 20; i++) {
        send(a, b, "ping " + i);
        assertEquals("ping " + i, receive(b, a.localAddress()));
        send(b, a, "pong " + i);
        assertEquals("pong " + i, receive(a, b.localAddress()));
      }
    }
  }

  @ParameterizedTest(name = "poll window {0} us")
  @ValueSource(longs = {0, 1000})
  void close_wakesAReceiverWaitingForADatagram(long pollMicros) throws Exception {
    UdpTransport transport = UdpTransport.bind(LOOPBACK, Duration.ofNanos(pollMicros * 1000));
    CompletableFuture<InetSocketAddress> receiving = CompletableFuture.supplyAsync(() -> {
      try {
        return transport.receive(ByteBuffer.allocate(64));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    transport.close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> receiving.get(20, TimeUnit.SECONDS));
    assertInstanceOf(ClosedChannelException.class, e.getCause().getCause());
    assertThrows(ClosedChannelException.class, () -> transport.receive(ByteBuffer.allocate(64)));
  }

  @org.junit.jupiter.api.Test
  void hasWaiting_trueWhileADatagramWaitsFalseOnceReadAndWhenClosed() throws Exception {
    try (UdpTransport a = UdpTransport.bind(LOOPBACK); UdpTransport b = UdpTransport.bind(LOOPBACK)) {
      assertEquals(false, b.hasWaiting());
      send(a, b, "waiting");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(b::hasWaiting);
      assertEquals(true, b.hasWaiting(), "asking does not take the datagram");
      assertEquals("waiting", receive(b, a.localAddress()));
      assertEquals(false, b.hasWaiting());
      send(a, b, "left unread");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(b::hasWaiting);
      b.close();
      assertEquals(false, b.hasWaiting());
    }
  }
}
