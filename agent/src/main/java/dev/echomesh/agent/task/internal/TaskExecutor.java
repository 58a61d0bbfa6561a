package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the calls peers make on a bounded pool: a fixed number of threads and a bounded number
 * of waiting calls. A call that finds both taken is answered OVERLOADED at once, never queued
 * silently. An unknown task is NOT_FOUND, a caller outside the task's allow-list DENIED; those
 * are answered on the network thread without a hop, and so is a call its handler declares
 * {@linkplain TaskHandler#runsInline inline} (within an {@link InlineBudget}).
 *
 * <p>The bound is a count of admitted calls (running plus waiting), taken with one atomic
 * increment and given back when a call ends or is cancelled, so it is exact even for a queue
 * of 0 (where a {@code SynchronousQueue} would refuse calls while threads are between tasks).
 */
public final class TaskExecutor implements CallHandler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);
  /** How long close() waits for interrupted handlers once its grace period is over. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

  private volatile TaskRegistry registry;
  private final ThreadPoolExecutor pool;
  private final int threads;
  private final int queueCapacity;
  private final int maxAdmitted;
  private final AtomicInteger admitted = new AtomicInteger();
  private final InlineBudget inline = new InlineBudget();

  /**
   * @param threads handler threads, at least 1
   * @param queueCapacity calls that may wait for a thread; 0 = none wait
   */
  public TaskExecutor(TaskRegistry registry, int threads, int queueCapacity) {
    if (threads < 1 || queueCapacity < 0) {
      throw new IllegalArgumentException("need threads >= 1 and queueCapacity >= 0, got "
          + threads + " and " + queueCapacity);
    }
    this.registry = registry;
    this.threads = threads;
    this.queueCapacity = queueCapacity;
    this.maxAdmitted = threads + queueCapacity;
    // Unbounded here; the admission count bounds it.
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        new DefaultThreadFactory("echomesh-task", true), new ThreadPoolExecutor.AbortPolicy());
    pool.prestartAllCoreThreads();
  }

  /**
   * Serves {@code next} from now on (new tasks, new allow-lists); calls already running finish
   * with the handler they started with.
   */
  public void replaceRegistry(TaskRegistry next) {
    this.registry = java.util.Objects.requireNonNull(next, "next");
  }

  /** Calls admitted now: running on a task thread or waiting for one (inline runs not counted). */
  public int inFlight() {
    return admitted.get();
  }

    /** The tasks served now. */
  public TaskRegistry registry() {
    return registry;
  }

  @Override
  public CallHandle start(TaskRequest request, ResultSink sink) {
    return start(request, null, sink);
  }

  /**
   * True for a {@link StreamingTaskHandler}, which reads chunked payloads as streams, and for
   * calls refused without reading their payload (unknown task, caller not on the allow-list).
   */
  @Override
  public boolean streamsPayload(TaskRequest request) {
    TaskRegistry.RegisteredTask registered = registry.find(request.task());
    return registered == null || !registered.allows(request.caller())
        || registered.handler() instanceof StreamingTaskHandler;
  }

  @Override
  public CallHandle startStreamed(TaskRequest request, InputStream payload, ResultSink sink) {
    return start(request, payload, sink);
  }

  /** @param payload the request payload as a stream, or null: it is {@code request.payload()} */
  private CallHandle start(TaskRequest request, InputStream payload, ResultSink sink) {
    TaskRegistry.RegisteredTask task = registry.find(request.task());
    if (task == null) {
      CompletableFuture<TaskResult> served = registry.external().start(request);
      if (served != null) {
        return startExternal(served, sink);
      }
      sink.complete(TaskResult.error(TaskStatus.NOT_FOUND, "no task '" + shorten(request.task())
          + "' on this node (the task 'tasks' lists them)"));
      return CallHandle.DONE;
    }
    if (!task.allows(request.caller())) {
      sink.complete(TaskResult.error(TaskStatus.DENIED, "node " + request.caller()
          + " may not call '" + request.task() + "' (not on its allow-list)"));
      return CallHandle.DONE;
    }
    if (pool.isShutdown()) {
      sink.complete(TaskResult.error(TaskStatus.CANCELLED, "the callee is shutting down"));
      return CallHandle.DONE;
    }
    if (payload == null && inline.allows(task.handler(), request)) {
      sink.complete(runInline(task.handler(), request));
      return CallHandle.DONE;
    }
    if (admitted.incrementAndGet() > maxAdmitted) {
      admitted.decrementAndGet();
      sink.complete(TaskResult.error(TaskStatus.OVERLOADED, "all " + threads + " task threads are busy and "
          + queueCapacity + " calls wait; retry later"));
      return CallHandle.DONE;
    }
    TaskRun run = new TaskRun(task.handler(), request, payload, sink, this::release);
    try {
      pool.execute(run);
    } catch (RejectedExecutionException e) {
      // Shut down between the check and here.
      run.cancel(false);
      sink.complete(TaskResult.error(TaskStatus.CANCELLED, "the callee is shutting down"));
      return CallHandle.DONE;
    }
    return run;
  }

  /** A call handed to an external program: no thread waits for it. */
  private static CallHandle startExternal(CompletableFuture<TaskResult> served, ResultSink sink) {
    served.whenComplete((result, failure) -> {
      if (result != null) {
        sink.complete(result);
      } else if (!(failure instanceof CancellationException)) {
        log.error("An externally served call failed inside the agent", failure);
        sink.complete(TaskResult.error(TaskStatus.FAILED, "the callee failed: " + failure));
      }
    });
    return () -> served.cancel(false);
  }

  private TaskResult runInline(TaskHandler handler, TaskRequest request) {
    long start = System.nanoTime();
    TaskResult result = TaskRun.invoke(handler, request);
    inline.ran(request.task(), System.nanoTime() - start);
    // A handler that was interrupted after all must not leave the network thread interrupted.
    Thread.interrupted();
    return result;
  }

  /** A call ended (ran, failed or was cancelled): its place is free again. */
  private void release(TaskRun run) {
    admitted.decrementAndGet();
    if (run.isCancelled()) {
      pool.remove(run); // cancelled while waiting: do not let it hold a place in the queue
    }
  }

  /**
   * Stops taking calls, lets running ones finish for up to {@code grace}, then interrupts them
   * and waits a little more. Idempotent.
   */
  public void close(Duration grace) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
        if (!pool.awaitTermination(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("Some task handlers ignore interruption and still run after shutdown");
        }
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
