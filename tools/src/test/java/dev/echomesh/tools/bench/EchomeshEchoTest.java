package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EchomeshEchoTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static EchomeshEcho echomesh;

  @BeforeAll
  static void open() throws Exception {
    echomesh = EchomeshEcho.open(BenchCredentials.generate());
  }

  @AfterAll
  static void close() {
    echomesh.close();
  }

  @Test
  void call_smallAndLargePayloads_echoesTheSameBytes() throws Exception {
    for (int size : new int[] {BenchPlan.SMALL_PAYLOAD, BenchPlan.LARGE_PAYLOAD}) {
      byte[] payload = CallSuite.payload(size);
      assertArrayEquals(payload, echomesh.call(payload, TIMEOUT));
    }
  }

  @Test
  void callAsync_manyInFlight_eachEchoesItsOwnPayload() throws Exception {
    List<byte[]> payloads = new ArrayList<>();
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      byte[] payload = CallSuite.payload(100 + i);
      payloads.add(payload);
      calls.add(echomesh.callAsync(payload));
    }
    for (int i = 0; i < calls.size(); i++) {
      assertArrayEquals(payloads.get(i), calls.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void transport_namesTls13() {
    assertTrue(echomesh.transport().startsWith("TLSv1.3"), echomesh.transport());
  }
}
