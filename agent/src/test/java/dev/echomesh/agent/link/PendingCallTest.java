package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingCallTest {

  private static PendingCall call() {
    return new PendingCall(FrameConverterTest.node(7), "echo", new byte[0], TimeUnit.SECONDS.toNanos(5), 0);
  }

  @Test
  void get_withATimeoutShorterThanTheSpin_timesOut() {
    PendingCall call = call();
    assertThrows(TimeoutException.class, () -> call.get(1, TimeUnit.MICROSECONDS));
  }

  @Test
  void join_resultFromAnotherThread_isReturned() {
    PendingCall call = call();
    CompletableFuture.runAsync(() -> call.complete(TaskResult.ok(new byte[] {5})));
    assertEquals(5, call.join().payload()[0]);
  }

  @Test
  void get_failedCall_returnsItsStatus() throws Exception {
    PendingCall call = call();
    call.fail(TaskStatus.TIMEOUT, "late");
    assertEquals(TaskStatus.TIMEOUT, call.get().status());
  }
}
