package dev.echomesh.agent.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.testing.FakeTicker;
import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import org.junit.jupiter.api.Test;

class BusyPollStrategyTest {

  private static final long WINDOW = 50_000;

  private FakeTicker ticker = new FakeTicker();
  private BusyPollStrategy strategy = new BusyPollStrategy(WINDOW, ticker);
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
    ticker.advanceNanos(WINDOW - 1);
    assertEquals(SelectStrategy.CONTINUE, next(false));
    ticker.advanceNanos(1);
    assertEquals(SelectStrategy.SELECT, next(false));
  }

  @Test
  void eventsFoundWhilePolling_areHandled_andTheWindowStartsAgain() throws Exception {
    next(true);
    ticker.advanceNanos(WINDOW - 1);
    ready = 1;
    assertEquals(1, next(false));
    ready = 0;
    ticker.advanceNanos(WINDOW - 1);
    assertEquals(SelectStrategy.CONTINUE, next(false));
  }

  @Test
  void afterASleep_theWakeUpStartsANewWindow() throws Exception {
    next(true);
    ticker.advanceNanos(WINDOW);
    assertEquals(SelectStrategy.SELECT, next(false));
    ticker.advanceNanos(5_000_000_000L); // slept until epoll_wait returned work
    assertEquals(SelectStrategy.CONTINUE, next(false));
    ticker.advanceNanos(WINDOW);
    assertEquals(SelectStrategy.SELECT, next(false));
  }

  @Test
  void anIdleLoop_sleepsAfterOneWindow_whateverTheClockReads() throws Exception {
    ticker = new FakeTicker(Long.MIN_VALUE + 10); // System.nanoTime may be negative
    strategy = new BusyPollStrategy(WINDOW, ticker);
    assertEquals(SelectStrategy.CONTINUE, next(false));
    ticker.advanceNanos(WINDOW);
    assertEquals(SelectStrategy.SELECT, next(false));
  }

  @Test
  void window_mustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> BusyPollStrategy.factory(0));
  }
}
