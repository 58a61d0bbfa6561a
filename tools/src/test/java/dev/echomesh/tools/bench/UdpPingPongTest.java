package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UdpPingPongTest {

  @Test
  void call_datagrams_comeBackIntact() throws Exception {
    try (UdpPingPong udp = UdpPingPong.open()) {
      for (int size : new int[] {1, BenchPlan.SMALL_PAYLOAD, 1400, 8000}) {
        byte[] payload = CallSuite.payload(size);
        assertArrayEquals(payload, udp.call(payload, Duration.ofSeconds(30)));
      }
    }
  }
}
