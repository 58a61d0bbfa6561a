package dev.echomesh.agent.testing;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A task whose calls wait at a gate: a call counts down {@link #started}, then waits until the
 * test counts down {@link #release} and answers OK with its payload; a call whose thread is
 * interrupted (deadline, cancel, link lost) counts down {@link #interrupted} and ends with the
 * interruption. A call never released fails after {@link #MAX_WAIT}, so a broken test cannot hold
 * a thread for ever.
 *
 * <pre>{@code
 * GateTask slow = new GateTask("slow");
 * CompletableFuture<TaskResult> call = a.call(b.nodeId(), "slow", new byte[0], timeout);
 * assertTrue(slow.started.await(20, TimeUnit.SECONDS));
 * ... what happens to a call in flight ...
 * slow.release.countDown();
 * }</pre>
 */
public final class GateTask implements TaskHandler {

  /** How long a call waits for {@link #release} before it ends FAILED. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** Counted down by each call that reaches the handler: open once the calls awaited have. */
  public final CountDownLatch started;
  /** Counted down by the test to let every call through. */
  public final CountDownLatch release = new CountDownLatch(1);
  /** Counted down when a waiting call is interrupted. */
  public final CountDownLatch interrupted = new CountDownLatch(1);
  private final String name;

  /** A gate task called {@code name}; {@link #started} opens with the first call. */
  public GateTask(String name) {
    this(name, 1);
  }

  /** A gate task called {@code name}; {@link #started} opens once {@code calls} calls have reached it. */
  public GateTask(String name, int calls) {
    this.name = Objects.requireNonNull(name, "name");
    this.started = new CountDownLatch(calls);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "Waits until the test releases it";
  }

  @Override
  public TaskResult handle(TaskRequest request) throws InterruptedException {
    started.countDown();
    try {
      if (!release.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return TaskResult.error(TaskStatus.FAILED, "never released");
      }
      return TaskResult.ok(request.payload());
    } catch (InterruptedException e) {
      interrupted.countDown();
      throw e;
    }
  }
}
