package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@linkplain TaskHandler#runsInline inline} task runs honest: a run on a network thread
 * that takes longer than {@link #RUN_BUDGET} is a strike against its task, and a task with
 * {@link #STRIKES_ALLOWED} strikes runs on the task executor from then on (until the agent
 * restarts), with a warning. More than one strike is needed because a run can also overstay
 * for reasons of its own (a GC pause, the JIT, a busy machine). Thread-safe; the common path
 * (a task in good standing) is one map lookup that finds nothing.
 */
final class InlineBudget {

  private static final Logger log = LoggerFactory.getLogger(InlineBudget.class);

  /** The longest an inline run may take before it counts as a strike: 10 ms. */
  static final Duration RUN_BUDGET = Duration.ofMillis(10);
  /** Strikes after which a task no longer runs inline: 3. */
  static final int STRIKES_ALLOWED = 3;

  private static final long RUN_BUDGET_NANOS = RUN_BUDGET.toNanos();

  private final Map<String, AtomicInteger> strikes = new ConcurrentHashMap<>();

  /** Whether {@code handler} may run {@code request} inline. */
  boolean allows(TaskHandler handler, TaskRequest request) {
    if (!handler.runsInline(request)) {
      return false;
    }
    AtomicInteger count = strikes.get(request.task());
    return count == null || count.get() < STRIKES_ALLOWED;
  }

  /** An inline run of {@code task} took {@code nanos}. */
  void ran(String task, long nanos) {
    if (nanos <= RUN_BUDGET_NANOS) {
      return;
    }
    int count = strikes.computeIfAbsent(task, name -> new AtomicInteger()).incrementAndGet();
    if (count == STRIKES_ALLOWED) {
      log.warn("Task '{}' says it runs inline (on a network thread) but took {} ms, over the {} ms budget, {} times;"
          + " it runs on the task executor from now on. Its runsInline() should return false for such calls",
          task, nanos / 1_000_000, RUN_BUDGET.toMillis(), count);
    } else if (count < STRIKES_ALLOWED) {
      log.debug("Inline run of task '{}' took {} ms (over the {} ms budget; strike {} of {})",
          task, nanos / 1_000_000, RUN_BUDGET.toMillis(), count, STRIKES_ALLOWED);
    }
  }
}
