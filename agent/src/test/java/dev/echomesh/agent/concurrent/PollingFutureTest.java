package dev.echomesh.agent.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PollingFutureTest {

  @Test
  void get_withATimeoutShorterThanThePoll_timesOut() {
    PollingFuture<String> future = new PollingFuture<>();
    assertThrows(TimeoutException.class, () -> future.get(1, TimeUnit.MICROSECONDS));
  }

  @Test
  void join_resultFromAnotherThread_isReturned() {
    PollingFuture<String> future = new PollingFuture<>();
    CompletableFuture.runAsync(() -> future.complete("pong"));
    assertEquals("pong", future.join());
  }

  @Test
  void get_failure_isThrownAsUsual() {
    PollingFuture<String> future = new PollingFuture<>();
    future.completeExceptionally(new IllegalStateException("no route"));
    ExecutionException e = assertThrows(ExecutionException.class, future::get);
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertThrows(CompletionException.class, future::join);
  }

  @Test
  void derivedFutures_pollToo() throws Exception {
    PollingFuture<String> future = new PollingFuture<>();
    CompletableFuture<Integer> length = future.thenApply(String::length);
    assertInstanceOf(PollingFuture.class, length);
    future.complete("four");
    assertEquals(4, length.get(5, TimeUnit.SECONDS));
  }
}
