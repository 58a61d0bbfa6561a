package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.time.Ticker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyStream} between two real threads, as on a streamed {@code echomesh send}: a
 * "connection" that offers pieces only while its auto-read flag is set (Netty's flag: set, not
 * counted) and a bursty reader. Bounded; a lost wake-up shows as the connection waiting for a
 * resume that never comes while the reader waits for bytes, and fails the read after its wait.
 * Before the fix of pause/resume ordering this failed about one run in three here (the window is a
 * few instructions wide); {@link BodyStreamTest} pins that interleaving deterministically.
 */
class BodyStreamStressTest {

  private static final int HIGH_WATER_BYTES = 64;
  private static final int PIECES = 200_000;
  /** How long either side waits for the other before the test calls it a stall. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

  @Test
  void read_manyPiecesWithABurstyReader_everyByteArrives_andTheConnectionNeverStaysPaused() throws Exception {
    AtomicBoolean autoRead = new AtomicBoolean(true);
    AtomicReference<Thread> connection = new AtomicReference<>();
    Runnable resume = () -> {
      autoRead.set(true);
      LockSupport.unpark(connection.get());
    };
    BodyStream stream = new BodyStream(HIGH_WATER_BYTES, () -> autoRead.set(false), resume, STALL_NANOS,
        Ticker.system());
    CompletableFuture<Long> offered = new CompletableFuture<>();
    Thread connectionThread = new Thread(() -> offerAll(stream, autoRead, offered), "connection");
    connection.set(connectionThread);
    connectionThread.start();

    long read = 0;
    byte[] buffer = new byte[4 * HIGH_WATER_BYTES]; // one read can drain a full queue
    Random bursts = new Random(7);
    for (int n; (n = stream.read(buffer, 0, 1 + bursts.nextInt(buffer.length))) != -1; ) {
      read += n;
      if (bursts.nextInt(8) == 0) {
        Thread.yield();
      }
    }

    assertEquals(offered.get(STALL_NANOS, TimeUnit.NANOSECONDS), read);
  }

  /** The connection's side: a piece whenever reading is on, then the end; completes with the bytes offered. */
  private static void offerAll(BodyStream stream, AtomicBoolean autoRead, CompletableFuture<Long> result) {
    Random sizes = new Random(11);
    long offered = 0;
    for (int i = 0; i < PIECES; i++) {
      long deadline = System.nanoTime() + STALL_NANOS;
      while (!autoRead.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          stream.fail("the connection stayed paused with " + stream.available() + " bytes queued");
          result.completeExceptionally(new IllegalStateException("stalled after " + i + " pieces"));
          return;
        }
        LockSupport.parkNanos(left);
      }
      ByteBuf piece = Unpooled.wrappedBuffer(new byte[1 + sizes.nextInt(HIGH_WATER_BYTES)]);
      offered += piece.readableBytes();
      stream.offer(piece);
      piece.release();
    }
    stream.end();
    result.complete(offered);
  }
}
