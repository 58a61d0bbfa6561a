package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.link.LinkStats;
import dev.echomesh.agent.link.StreamConfig;
import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed calls between two agents on loopback over real TLS links: payloads far larger than a
 * frame pass through without being held whole, a slow reader holds the sender back, and
 * deadlines and cancels end a call on both sides and free its buffers.
 */
class StreamingCallsTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final long MIB = 1024 * 1024;
  private static final int WINDOW = StreamConfig.DEFAULT_WINDOW_BYTES;
  /** What a pump may hold beyond the window: one chunk pending, one transferTo buffer. */
  private static final long PUMP_SLACK = StreamConfig.DEFAULT_CHUNK_BYTES + 16 * 1024;

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();
  private final CountingEcho echo = new CountingEcho();
  private final StallingSink sink = new StallingSink();
  private final EndlessSource source = new EndlessSource();
  private Agent a;
  private Agent b;

  @BeforeEach
  void setUp() {
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"),
        LoopbackAgents.config(mesh, "b").task(echo).task(sink).task(source));
    a = pair[0];
    b = pair[1];
  }

  @AfterEach
  void tearDown() {
    sink.release.countDown();
    agents.close();
  }

  private static LinkStats stats(Agent agent) {
    return ((RealAgent) agent).linkStats();
  }

  @Test
  void callStreaming_200MiBThroughAStreamingEcho_arrivesIntact_neverHeldWhole() throws Exception {
    long size = 200 * MIB;
    CountingStream payload = new CountingStream(size);
    MessageDigest received = CountingStream.sha256();
    long count = 0;
    try (StreamedResult result = a.callStreaming(b.nodeId(), "count-echo", payload, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      assertEquals(TaskStatus.OK, result.status(), result.message());
      byte[] buffer = new byte[64 * 1024];
      int n;
      try {
        while ((n = result.payload().read(buffer)) > 0) {
          received.update(buffer, 0, n);
          count += n;
        }
      } catch (IOException e) {
        throw new AssertionError("received " + count + " echoed " + echo.bytes.get() + " sent " + payload.bytesRead()
            + " unacked a " + stats(a).unacknowledgedStreamBytes() + " b " + stats(b).unacknowledgedStreamBytes(), e);
      }
    }
    assertEquals(size, count);
    assertEquals(size, echo.bytes.get());
    assertArrayEquals(payload.sha256Digest(), received.digest());
    assertTrue(stats(a).unacknowledgedStreamBytesPeak() <= WINDOW, "caller sent ahead " + stats(a).unacknowledgedStreamBytesPeak());
    assertTrue(stats(b).unacknowledgedStreamBytesPeak() <= WINDOW, "callee sent ahead " + stats(b).unacknowledgedStreamBytesPeak());
    await().atMost(WAIT).until(() -> stats(a).bufferedBytes() == 0 && stats(b).bufferedBytes() == 0);
  }

  @Test
  void callStreaming_unknownTask_isNotFoundBeforeThePayloadIsSent() throws Exception {
    CountingStream payload = new CountingStream(64 * MIB);
    try (StreamedResult result = a.callStreaming(b.nodeId(), "nosuch", payload, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      assertEquals(TaskStatus.NOT_FOUND, result.status(), result.message());
    }
    assertTrue(payload.bytesRead() <= PUMP_SLACK, "read " + payload.bytesRead() + " bytes of a payload nobody wanted");
    await().atMost(WAIT).until(() -> stats(b).bufferedBytes() == 0);
  }

  @Test
  void callStreaming_peerUnknown_isUnavailable_andThePayloadStreamIsClosed() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    InputStream payload = new java.io.FilterInputStream(new CountingStream(64 * MIB)) {
      @Override
      public void close() throws IOException {
        closed.set(true);
        super.close();
      }
    };
    byte[] id = new byte[dev.echomesh.agent.identity.NodeId.LENGTH_BYTES];
    java.util.Arrays.fill(id, (byte) 0x5A);
    try (StreamedResult result = a.callStreaming(dev.echomesh.agent.identity.NodeId.fromBytes(id), "count-echo",
        payload, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      assertEquals(TaskStatus.UNAVAILABLE, result.status(), result.message());
    }
    await().atMost(WAIT).untilTrue(closed);
  }

  @Test
  void slowReader_holdsTheSenderBackToOneWindow() throws Exception {
    CountingStream payload = new CountingStream(64 * MIB);
    CompletableFuture<StreamedResult> call = a.callStreaming(b.nodeId(), "stall", payload, WAIT);
    // The reader has taken its first MiB and stalls, and the sender is a full window ahead of it.
    // (A full window alone is not enough: the sender refills it as the reader's credit comes,
    // while the reader is still inside its first read and has not counted what it took.)
    await().atMost(WAIT).until(() -> sink.consumed.get() == MIB && stats(a).unacknowledgedStreamBytes() == WINDOW);
    long ahead = payload.bytesRead() - sink.consumed.get();
    assertTrue(ahead <= WINDOW + PUMP_SLACK, "the caller read " + ahead + " bytes ahead of the reader");
    assertTrue(stats(b).bufferedBytes() <= WINDOW, "the callee buffers " + stats(b).bufferedBytes());
    sink.release.countDown();
    try (StreamedResult result = call.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      assertEquals(TaskStatus.OK, result.status(), result.message());
    }
    assertEquals(64 * MIB, sink.consumed.get());
    assertTrue(stats(a).unacknowledgedStreamBytesPeak() <= WINDOW);
  }

  @Test
  void deadline_midStream_endsTheCallOnBothSidesAndFreesTheBuffers() throws Exception {
    CountingStream payload = new CountingStream(64 * MIB);
    StreamedResult result = a.callStreaming(b.nodeId(), "stall", payload, Duration.ofSeconds(2))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TaskStatus.TIMEOUT, result.status(), result.message());
    await().atMost(WAIT).until(() -> sink.ended.get() != null);
    await().atMost(WAIT).until(() -> stats(a).bufferedBytes() == 0 && stats(b).bufferedBytes() == 0
        && stats(a).unacknowledgedStreamBytes() == 0);
  }

  @Test
  void cancel_midResultStream_stopsTheCalleesWriterAndFreesTheBuffers() throws Exception {
    StreamedResult result = a.callStreaming(b.nodeId(), "endless", InputStream.nullInputStream(), WAIT)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertEquals(8 * MIB, result.payload().readNBytes((int) (8 * MIB)).length);
    result.close();
    await().atMost(WAIT).until(() -> source.ended.get() != null);
    assertInstanceOf(StreamFailedException.class, source.ended.get());
    assertTrue(source.written.get() <= 8 * MIB + 2L * WINDOW, "wrote " + source.written.get());
    await().atMost(WAIT).until(() -> stats(a).bufferedBytes() == 0 && stats(b).unacknowledgedStreamBytes() == 0);
  }

  @Test
  void resultStream_calleeFailsMidStream_readerGetsItsStatus() throws Exception {
    source.failAfter = 3 * MIB;
    try (StreamedResult result = a.callStreaming(b.nodeId(), "endless", InputStream.nullInputStream(), WAIT)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      StreamFailedException failed = assertThrows(StreamFailedException.class, () -> result.payload().transferTo(OutputStream.nullOutputStream()));
      assertEquals(TaskStatus.FAILED, failed.status());
      assertTrue(failed.getMessage().contains("source ran dry"), failed.getMessage());
    }
  }

  @Test
  void wholeCalls_eightConcurrentOf15MiB_eachOkOrOverloaded_neverMoreBufferedThanTheBound() {
    byte[] payload = new byte[15 * (int) MIB];
    List<CompletableFuture<TaskResult>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(a.call(b.nodeId(), "echo", payload, WAIT));
    }
    int ok = 0;
    for (CompletableFuture<TaskResult> call : calls) {
      TaskResult result = call.join();
      assertTrue(Set.of(TaskStatus.OK, TaskStatus.OVERLOADED).contains(result.status()), result.toString());
      if (result.isOk()) {
        ok++;
        assertEquals(payload.length, result.payload().length);
      }
    }
    assertTrue(ok >= 1, "at least one call fits the bound");
    await().atMost(WAIT).until(() -> stats(a).bufferedBytes() == 0 && stats(b).bufferedBytes() == 0);
  }

  /** Echoes its payload as a stream, counting the bytes. */
  static final class CountingEcho implements StreamingTaskHandler {
    final AtomicLong bytes = new AtomicLong();

    @Override
    public String name() {
      return "count-echo";
    }

    @Override
    public String description() {
      return "echoes a streamed payload";
    }

    @Override
    public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws IOException {
      byte[] buffer = new byte[32 * 1024];
      try (OutputStream out = result.open()) {
        int n;
        while ((n = payload.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          bytes.addAndGet(n);
        }
      }
      return TaskResult.ok(new byte[0]);
    }
  }

  /** Reads 1 MiB of its payload, then waits to be released before reading the rest. */
  static final class StallingSink implements StreamingTaskHandler {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicLong consumed = new AtomicLong();
    final AtomicReference<Throwable> ended = new AtomicReference<>();

    @Override
    public String name() {
      return "stall";
    }

    @Override
    public String description() {
      return "a slow reader";
    }

    @Override
    public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws Exception {
      try {
        consumed.addAndGet(payload.readNBytes((int) MIB).length);
        if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          return TaskResult.error(TaskStatus.FAILED, "never released");
        }
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = payload.read(buffer)) > 0) {
          consumed.addAndGet(n);
        }
        return TaskResult.ok(new byte[0]);
      } catch (IOException | InterruptedException e) {
        ended.set(e);
        throw e;
      }
    }
  }

  /** Streams zeros until the call ends (or fails on purpose after {@code failAfter} bytes). */
  static final class EndlessSource implements StreamingTaskHandler {
    final AtomicLong written = new AtomicLong();
    final AtomicReference<Throwable> ended = new AtomicReference<>();
    volatile long failAfter = Long.MAX_VALUE;

    @Override
    public String name() {
      return "endless";
    }

    @Override
    public String description() {
      return "an endless result";
    }

    @Override
    public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws IOException {
      byte[] zeros = new byte[64 * 1024];
      OutputStream out = result.open();
      try {
        for (long i = 0; i < 1024 * 1024; i++) { // at most 64 GiB: bounded, ends by the call's end
          if (written.get() >= failAfter) {
            return TaskResult.error(TaskStatus.FAILED, "the source ran dry");
          }
          out.write(zeros);
          written.addAndGet(zeros.length);
        }
        return TaskResult.ok(new byte[0]);
      } catch (IOException e) {
        ended.set(e);
        throw e;
      }
    }
  }
}
