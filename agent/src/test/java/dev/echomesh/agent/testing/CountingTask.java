package dev.echomesh.agent.testing;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A task {@value #NAME} that counts its runs, for tests of which peer ran a call and how often:
 * each run takes the next number (1, 2, ...), runs the test's hook, then answers OK with what the
 * test's {@code answer} makes of that number.
 *
 * <pre>{@code
 * CountingTask work = new CountingTask(run -> "free");           // answers its node's name
 * CountingTask work = new CountingTask(run -> "run " + run);     // answers which run it was
 * assertEquals(1, work.runs());
 * }</pre>
 */
public final class CountingTask implements TaskHandler {

  /** The task's name. */
  public static final String NAME = "work";

  private final AtomicInteger runs = new AtomicInteger();
  private final IntFunction<String> answer;
  private final Runnable afterRun;

  /** A task answering each run with {@code answer} of its number. */
  public CountingTask(IntFunction<String> answer) {
    this(answer, () -> {});
  }

  /**
   * A task answering each run with {@code answer} of its number, after running {@code afterRun}
   * (which may, for instance, cut the link the answer is to take).
   */
  public CountingTask(IntFunction<String> answer, Runnable afterRun) {
    this.answer = Objects.requireNonNull(answer, "answer");
    this.afterRun = Objects.requireNonNull(afterRun, "afterRun");
  }

  /** How many times the task has run. */
  public int runs() {
    return runs.get();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "counts its runs";
  }

  @Override
  public TaskResult handle(TaskRequest request) {
    int run = runs.incrementAndGet();
    afterRun.run();
    return TaskResult.ok(answer.apply(run).getBytes(StandardCharsets.UTF_8));
  }
}
