package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.time.Ticker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BodyStreamTest {

  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();
  private final BodyStream body = new BodyStream(10, pauses::incrementAndGet, resumes::incrementAndGet,
      TimeUnit.SECONDS.toNanos(5), Ticker.system());

  @Test
  void read_piecesOffered_inOrderThenEnd() throws IOException {
    offer("hello ");
    offer("world");
    body.end();

    assertEquals("hello world", new String(body.readAllBytes(), UTF_8));
  }

  @Test
  void offer_pastHighWater_pausesOnce_andReadBelowHalf_resumesOnce() throws IOException {
    offer("123456");
    assertEquals(0, pauses.get());
    offer("789012");
    offer("345");
    assertEquals(1, pauses.get());

    byte[] buffer = new byte[9];
    assertEquals(9, body.read(buffer, 0, 9)); // 15 queued -> 6: still above half the high water
    assertEquals(0, resumes.get());
    assertEquals(1, body.read(buffer, 0, 1)); // 5 queued: at half
    assertEquals(1, resumes.get());
  }

  @Test
  void offer_releasesNothingTheReaderHasNotRead_andClose_releasesTheRest() {
    ByteBuf piece = Unpooled.copiedBuffer("abc", UTF_8);
    body.offer(piece);
    piece.release(); // the connection's reference
    assertEquals(1, piece.refCnt());

    body.close();

    assertEquals(0, piece.refCnt());
  }

  @Test
  void read_afterClientWentAway_failsWithWhy() {
    body.fail("the client closed the connection");

    IOException e = assertThrows(IOException.class, body::read);
    assertTrue(e.getMessage().contains("client closed"), e.getMessage());
  }

  @Test
  void close_whilePaused_staysPaused_soTheClientStopsSendingTheRest() {
    offer("12345678901");
    assertEquals(1, pauses.get());

    body.close();
    offer("more");

    assertEquals(1, pauses.get());
    assertEquals(0, resumes.get());
    assertEquals(0, body.available());
  }

  @Test
  void close_beforeTheEnd_pausesTheConnection() {
    offer("123");

    body.close();
    offer("45678901234");

    assertEquals(1, pauses.get());
    assertEquals(0, resumes.get());
    assertEquals(0, body.available());
  }

  @Test
  void close_afterTheEnd_leavesTheConnectionReading() {
    offer("123");
    body.end();

    body.close();

    assertEquals(0, pauses.get());
    assertEquals(0, resumes.get());
  }

  @Test
  void read_nothingArrives_failsAfterTheWait() {
    BodyStream quiet = new BodyStream(10, () -> { }, () -> { }, TimeUnit.MILLISECONDS.toNanos(1), Ticker.system());

    IOException e = assertThrows(IOException.class, quiet::read);
    assertTrue(e.getMessage().contains("no more of the request body"), e.getMessage());
  }

  /**
   * The lost wake-up behind a rare {@code echomesh send} stall: the reader drains the queue while
   * the event loop is between deciding to pause and pausing. The connection's auto-read flag is
   * modelled as Netty's is (set, not counted); whatever the interleaving, a stream that wants more
   * bytes and holds none must leave the connection reading.
   */
  @Test
  void read_drainsWhileThePauseIsUnderWay_leavesTheConnectionReading() throws Exception {
    AtomicBoolean autoRead = new AtomicBoolean(true);
    AtomicReference<BodyStream> stream = new AtomicReference<>();
    AtomicInteger readBytes = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try {
        readBytes.set(stream.get().read(new byte[64], 0, 64));
      } catch (IOException e) {
        readBytes.set(-2);
      }
    }, "body-reader");
    Runnable pause = () -> {
      // The reader gets its chance here: it either drains the queue now or waits for the lock.
      reader.start();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> readBytes.get() != 0 || reader.getState() == Thread.State.BLOCKED);
      autoRead.set(false);
    };
    stream.set(new BodyStream(10, pause, () -> autoRead.set(true), TimeUnit.SECONDS.toNanos(5), Ticker.system()));

    ByteBuf piece = Unpooled.copiedBuffer("12345678901", UTF_8);
    stream.get().offer(piece);
    piece.release();
    reader.join(TimeUnit.SECONDS.toMillis(10));

    assertEquals(11, readBytes.get());
    assertEquals(0, stream.get().available());
    assertTrue(autoRead.get(), "the stream is empty and wants more, but the connection stays paused");
  }

  private void offer(String text) {
    ByteBuf piece = Unpooled.copiedBuffer(text, UTF_8);
    body.offer(piece);
    piece.release();
  }
}
