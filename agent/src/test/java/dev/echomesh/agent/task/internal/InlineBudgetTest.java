package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InlineBudgetTest {

  private static final long OVER = InlineBudget.RUN_BUDGET.toNanos() + 1;
  private static final long WITHIN = InlineBudget.RUN_BUDGET.toNanos();

  private final InlineBudget budget = new InlineBudget();
  private final EchoTask echo = new EchoTask();

  private static TaskRequest request(String task) {
    return new TaskRequest(TaskExecutorTest.node(1), task, new byte[1], Instant.EPOCH);
  }

  @Test
  void allows_handlerThatDoesNotRunInline_isRefused() {
    TaskRequest big = new TaskRequest(TaskExecutorTest.node(1), "reverse", new byte[ReverseTask.INLINE_MAX_BYTES + 1], Instant.EPOCH);
    assertFalse(budget.allows(new ReverseTask(), big));
  }

  @Test
  void allows_runsWithinTheBudget_neverCountAgainstIt() {
    for (int i = 0; i < 100; i++) {
      budget.ran("echo", WITHIN);
    }
    assertTrue(budget.allows(echo, request("echo")));
  }

  @Test
  void allows_afterTheAllowedStrikes_isRefusedForThatTaskOnly() {
    for (int i = 0; i < InlineBudget.STRIKES_ALLOWED - 1; i++) {
      budget.ran("echo", OVER);
    }
    assertTrue(budget.allows(echo, request("echo")));
    budget.ran("echo", OVER);
    assertFalse(budget.allows(echo, request("echo")));
    assertTrue(budget.allows(echo, request("other")));
  }
}
