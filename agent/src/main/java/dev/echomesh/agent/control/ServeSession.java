package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One program serving tasks over one {@code /v1/serve} stream: hands it calls as {@code call}
 * events, within each task's declared concurrency, takes its results, and ends every call in flight
 * with UNAVAILABLE the moment the program goes away. Thread-safe; never blocks.
 */
final class ServeSession {

  /** Event: the tasks are registered; carries the session ID results are posted under. */
  static final String REGISTERED = "registered";
  /** Event: a call to answer. */
  static final String CALL = "call";
  /** Event: a call's caller gave up or its deadline passed; its result is no longer wanted. */
  static final String CANCEL = "cancel";

  /**
   * One call handed to the program. {@code answer} is completed once, by the program's result, the
   * deadline, the caller giving up or the program going away; only then is the call's place freed
   * and {@code result}, what the caller sees, completed: a caller that calls again as soon as it
   * hears the result always finds the place free.
   */
  private record Pending(
      String task,
      CompletableFuture<TaskResult> answer,
      CompletableFuture<TaskResult> result,
      AtomicBoolean answered) {}

  private final String id;
  private final Map<String, ServedTask> tasks;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong callIds = new AtomicLong();
  private final CallEvents events;
  private final Clock clock;
  private volatile SseStream stream;
  private volatile boolean closed;

  ServeSession(String id, Map<String, ServedTask> tasks, CallEvents events, Clock clock) {
    this.id = id;
    this.tasks = Map.copyOf(tasks);
    this.events = events;
    this.clock = clock;
    tasks.keySet().forEach(name -> inFlight.put(name, new AtomicInteger()));
  }

  String id() {
    return id;
  }

  Map<String, ServedTask> tasks() {
    return tasks;
  }

  /** Starts sending calls to {@code stream}, first the {@code registered} event. */
  void attach(SseStream stream) {
    this.stream = stream;
    ObjectNode registered = ApiJson.object().put("session", id);
    ArrayNode names = registered.putArray("tasks");
    tasks.keySet().stream().sorted().forEach(names::add);
    stream.send(REGISTERED, ApiJson.line(registered));
  }

  /** Hands a call to the program; see {@link dev.echomesh.agent.task.internal.ExternalTasks#start}. */
  CompletableFuture<TaskResult> start(TaskRequest request) {
    String task = request.task();
    ServedTask spec = tasks.get(task);
    SseStream out = stream;
    if (closed || out == null) {
      return done(TaskStatus.UNAVAILABLE, "the program serving '" + task + "' is gone");
    }
    if (!spec.allows(request.caller())) {
      return done(
          TaskStatus.DENIED,
          "node " + request.caller() + " may not call '" + task + "' (not on its allow-list)");
    }
    AtomicInteger running = inFlight.get(task);
    if (running.incrementAndGet() > spec.concurrency()) {
      running.decrementAndGet();
      return done(
          TaskStatus.OVERLOADED,
          "the program serving '"
              + task
              + "' takes "
              + spec.concurrency()
              + " calls at once and has that many; retry later");
    }
    Duration left = Duration.between(clock.instant(), request.deadline());
    if (left.isNegative() || left.isZero()) {
      running.decrementAndGet();
      return done(TaskStatus.TIMEOUT, "the call's deadline passed before it reached the program");
    }
    long call = callIds.incrementAndGet();
    Pending entry =
        new Pending(task, new CompletableFuture<>(), new CompletableFuture<>(), new AtomicBoolean());
    pending.put(call, entry);
    CallEvents.Timer timer = events.start("served", request.caller().toString(), "", task);
    Future<?> deadline = scheduleDeadline(out, entry, left);
    entry
        .answer()
        .thenAccept(
            result -> {
              deadline.cancel(false);
              pending.remove(call);
              running.decrementAndGet();
              entry.result().complete(result);
              if (!entry.answered().get()) {
                sendCancel(call);
              }
              timer.ended(result);
            });
    entry
        .result()
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                entry
                    .answer()
                    .complete(TaskResult.error(TaskStatus.CANCELLED, "the caller gave up"));
              }
            });
    ObjectNode event =
        ApiJson.object()
            .put("call", call)
            .put("task", task)
            .put("caller", request.caller().toString())
            .put("deadlineMillis", left.toMillis());
    ApiJson.putPayload(event, request.payload());
    if (entry.answer().isDone()) { // the loop has shut down, or the caller gave up already
      return entry.result();
    }
    if (!out.isWritable() || !out.send(CALL, ApiJson.line(event))) {
      entry.answered().set(true); // nothing to cancel: the program never saw it
      entry
          .answer()
          .complete(
              TaskResult.error(
                  TaskStatus.OVERLOADED,
                  "the program serving '" + task + "' does not keep up with its calls"));
    }
    return entry.result();
  }

  /**
   * Ends {@code entry} with TIMEOUT when {@code left} has passed, on the stream's event loop; if
   * that loop has shut down (the agent is stopping), ends it with UNAVAILABLE now.
   */
  private static Future<?> scheduleDeadline(SseStream out, Pending entry, Duration left) {
    Runnable timeout =
        () ->
            entry
                .answer()
                .complete(
                    TaskResult.error(
                        TaskStatus.TIMEOUT,
                        "the program serving '"
                            + entry.task()
                            + "' did not answer before the caller's deadline"));
    try {
      return out.schedule(timeout, left.toNanos());
    } catch (RejectedExecutionException e) {
      entry.answered().set(true); // nothing to cancel: the program never saw it
      entry
          .answer()
          .complete(TaskResult.error(TaskStatus.UNAVAILABLE, "the local API is shutting down"));
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Delivers the program's result for {@code call}.
   *
   * @throws ControlException CALL_NOT_FOUND when the call is not waiting for one
   */
  void answer(long call, TaskResult result) throws ControlException {
    Pending entry = pending.get(call);
    if (entry == null || !entry.answered().compareAndSet(false, true)) {
      throw new ControlException(
          ControlError.CALL_NOT_FOUND,
          "call "
              + call
              + " is not waiting for a result (answered, cancelled, or past its deadline)");
    }
    entry.answer().complete(result);
  }

  /** The program went away: its calls in flight end with UNAVAILABLE now. Idempotent. */
  void close() {
    closed = true;
    for (Pending entry : List.copyOf(pending.values())) {
      entry.answered().set(true);
      entry
          .answer()
          .complete(
              TaskResult.error(
                  TaskStatus.UNAVAILABLE,
                  "the program serving '" + entry.task() + "' disconnected"));
    }
  }

  /** Ends the stream (agent shutdown); the connection's close then closes the session. */
  void endStream() {
    SseStream out = stream;
    if (out != null) {
      out.close();
    }
  }

  private void sendCancel(long call) {
    SseStream out = stream;
    if (out != null && !closed) {
      out.send(CANCEL, ApiJson.line(ApiJson.object().put("call", call)));
    }
  }

  private static CompletableFuture<TaskResult> done(TaskStatus status, String message) {
    return CompletableFuture.completedFuture(TaskResult.error(status, message));
  }
}
