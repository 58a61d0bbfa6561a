package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import org.junit.jupiter.api.Test;

class BusyPollStrategyTest {

  private static final long WINDOW = 50_000;

  private final LinkTest.FakeTicker ticker = new LinkTest.FakeTicker();
  private final BusyPollStrategy strategy = new BusyPollStrategy(WINDOW, ticker);
  /** What the next non-blocking poll finds ready. */
  private int ready;
  private final IntSupplier selectNow = () -> ready;

  private int next(boolean hasTasks) throws Exception {
    return strategy.calculateStrategy(selectNow, hasTasks);
  }

  @Test
  void tasks_arePolledForAndRunAtOnce() throws Exception {
    ready = 2;
    assertEquals(2, next(true));
  }

  @Test
  void afterWork_nothingReady_pollsAgainUntilTheWindowEnds_thenSleeps() throws Exception {
    next(true);
    ticker.now += WINDOW - 1;
    assertEquals(SelectStrategy.CONTINUE, next(false));
    ticker.now += 1;
    assertEquals(SelectStrategy.SELECT, next(false));
  }

  @Test
  void eventsFoundWhilePolling_areHandled_andTheWindowStartsAgain() throws Exception {
    next(true);
    ticker.now += WINDOW - 1;
    ready = 1;
    assertEquals(1, next(false));
    ready = 0;
    ticker.now += WINDOW - 1;
    assertEquals(SelectStrategy.CONTINUE, next(false));
  }

  @Test
  void afterASleep_theWakeUpStartsANewWindow() throws Exception {
    next(true);
    ticker.now += WINDOW;
    assertEquals(SelectStrategy.SELECT, next(false));
    ticker.now += 5_000_000_000L; // slept until epoll_wait returned work
    assertEquals(SelectStrategy.CONTINUE, next(false));
    ticker.now += WINDOW;
    assertEquals(SelectStrategy.SELECT, next(false));
  }

  @Test
  void anIdleLoop_sleepsAfterOneWindow_whateverTheClockReads() throws Exception {
    ticker.now = Long.MIN_VALUE + 10; // System.nanoTime may be negative
    assertEquals(SelectStrategy.CONTINUE, next(false));
    ticker.now += WINDOW;
    assertEquals(SelectStrategy.SELECT, next(false));
  }

  @Test
  void window_mustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> BusyPollStrategy.factory(0));
  }
}
