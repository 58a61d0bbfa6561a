package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamPingPongTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void openTls_mutualTls13_echoesEachPayloadIntact() throws Exception {
    try (StreamPingPong tls = StreamPingPong.openTls(BenchCredentials.generate())) {
      for (int size : new int[] {0, BenchPlan.SMALL_PAYLOAD, BenchPlan.LARGE_PAYLOAD, 100_000}) {
        byte[] payload = CallSuite.payload(Math.max(size, 1));
        assertArrayEquals(payload, tls.call(payload, TIMEOUT));
      }
      assertTrue(tls.transport().startsWith("TLSv1.3 TLS_AES_128_GCM_SHA256"), tls.transport());
      assertFalse(tls.pipelined());
    }
  }

  @Test
  void openTcp_backToBackCalls_echoEachPayloadIntact() throws Exception {
    try (StreamPingPong tcp = StreamPingPong.openTcp()) {
      for (int i = 0; i < 100; i++) {
        byte[] payload = CallSuite.payload(1 + i * 37);
        assertArrayEquals(payload, tcp.call(payload, TIMEOUT));
      }
    }
  }

  @Test
  void callAsync_blockingFloor_isRefused() throws Exception {
    try (StreamPingPong tcp = StreamPingPong.openTcp()) {
      assertThrows(UnsupportedOperationException.class, () -> tcp.callAsync(new byte[1]));
    }
  }

  @Test
  void readFrame_lengthOverTheLimit_isRefusedBeforeAllocating() {
    byte[] frame = ByteBuffer.allocate(4).putInt(StreamPingPong.MAX_FRAME_BYTES + 1).array();
    IOException e =
        assertThrows(IOException.class, () -> StreamPingPong.readFrame(new DataInputStream(new ByteArrayInputStream(frame))));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
  }
}
