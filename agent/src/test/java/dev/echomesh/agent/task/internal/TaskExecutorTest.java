package dev.echomesh.agent.task.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.GateTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskExecutorTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  static NodeId node(int fill) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) fill);
    return NodeId.fromBytes(bytes);
  }

  private final GateTask gate = new GateTask("gate");
  private TaskExecutor executor;

  @AfterEach
  void tearDown() {
    gate.release.countDown();
    executor.close();
  }

  private TaskExecutor executor(int threads, int queue, TaskRegistry.Builder registry) {
    executor = new TaskExecutor(registry.build(), threads, queue);
    return executor;
  }

  private static final class Sink implements CallHandler.ResultSink {
    final CompletableFuture<TaskResult> result = new CompletableFuture<>();
    volatile Thread thread;

    @Override
    public void complete(TaskResult r) {
      thread = Thread.currentThread();
      result.complete(r);
    }
  }

  private static TaskRequest request(NodeId caller, String task) {
    return new TaskRequest(caller, task, "abc".getBytes(), Instant.now().plusSeconds(60));
  }

  @Test
  void start_knownTask_runsOffTheCallingThread() {
    TaskExecutor tasks = executor(2, 4, TaskRegistry.builder().add(new Upper(false, Duration.ZERO)));
    Sink sink = new Sink();
    tasks.start(request(node(1), "upper"), sink);
    assertEquals("ABC", sink.result.join().payloadAsString());
    assertTrue(sink.thread.getName().startsWith("echomesh-task"), sink.thread.getName());
  }

  @Test
  void start_inlineTask_runsOnTheCallingThreadBeforeStartReturns() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new EchoTask()));
    Sink sink = new Sink();
    assertEquals(CallHandler.CallHandle.DONE, tasks.start(request(node(1), "echo"), sink));
    assertTrue(sink.result.isDone());
    assertEquals("abc", sink.result.join().payloadAsString());
    assertEquals(Thread.currentThread(), sink.thread);
  }

  @Test
  void start_inlineTaskWhilePoolAndQueueAreFull_stillRuns() throws InterruptedException {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(gate).add(new EchoTask()));
    tasks.start(request(node(1), "gate"), new Sink());
    assertTrue(gate.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    Sink sink = new Sink();
    tasks.start(request(node(1), "echo"), sink);
    assertEquals(TaskStatus.OK, sink.result.join().status());
  }

  @Test
  void start_inlineTaskOverItsBudgetRepeatedly_movesToThePool() {
    Duration overBudget = InlineBudget.RUN_BUDGET.plusMillis(2);
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new Upper(true, overBudget)));
    for (int i = 0; i < InlineBudget.STRIKES_ALLOWED; i++) {
      Sink sink = new Sink();
      tasks.start(request(node(1), "upper"), sink);
      assertEquals(Thread.currentThread(), sink.thread, "run " + (i + 1) + " is still inline");
    }
    Sink moved = new Sink();
    tasks.start(request(node(1), "upper"), moved);
    assertEquals("ABC", moved.result.join().payloadAsString());
    assertTrue(moved.thread.getName().startsWith("echomesh-task"), moved.thread.getName());
  }

  @Test
  void start_inlineTaskInterruptsItself_callingThreadIsNotLeftInterrupted() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new SelfInterrupter()));
    Sink sink = new Sink();
    tasks.start(request(node(1), "interrupt"), sink);
    assertEquals(TaskStatus.CANCELLED, sink.result.join().status());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void start_unknownTask_isNotFound() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder());
    Sink sink = new Sink();
    tasks.start(request(node(1), "nope"), sink);
    assertEquals(TaskStatus.NOT_FOUND, sink.result.join().status());
  }

  @Test
  void start_callerNotOnTheAllowList_isDenied() {
    TaskExecutor tasks = executor(1, 0,
        TaskRegistry.builder().add(new EchoTask()).allowCallers("echo", Set.of(node(1))));
    Sink denied = new Sink();
    tasks.start(request(node(2), "echo"), denied);
    assertEquals(TaskStatus.DENIED, denied.result.join().status());
    Sink allowed = new Sink();
    tasks.start(request(node(1), "echo"), allowed);
    assertEquals(TaskStatus.OK, allowed.result.join().status());
  }

  @Test
  void start_handlerThrows_isFailedWithTheMessage() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new Thrower("no such file: /x")));
    Sink sink = new Sink();
    tasks.start(request(node(1), "throw"), sink);
    TaskResult result = sink.result.join();
    assertEquals(TaskStatus.FAILED, result.status());
    assertEquals("no such file: /x", result.message());
  }

  @Test
  void start_handlerThrowsWithoutMessage_isFailedWithTheExceptionType() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new Thrower(null)));
    Sink sink = new Sink();
    tasks.start(request(node(1), "throw"), sink);
    assertEquals(IllegalStateException.class.getName(), sink.result.join().message());
  }

  @Test
  void start_handlerReturnsNull_isFailed() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new NullTask()));
    Sink sink = new Sink();
    tasks.start(request(node(1), "null"), sink);
    assertEquals(TaskStatus.FAILED, sink.result.join().status());
  }

  @Test
  void start_poolAndQueueFull_isOverloadedAtOnce() throws InterruptedException {
    TaskExecutor tasks = executor(1, 1, TaskRegistry.builder().add(gate));
    tasks.start(request(node(1), "gate"), new Sink());
    assertTrue(gate.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    Sink queued = new Sink();
    tasks.start(request(node(1), "gate"), queued);
    Sink refused = new Sink();
    tasks.start(request(node(1), "gate"), refused);
    assertEquals(TaskStatus.OVERLOADED, refused.result.getNow(null).status());
    gate.release.countDown();
    assertEquals(TaskStatus.OK, queued.result.join().status());
  }

  @Test
  void interrupt_runningHandler_isInterrupted() throws InterruptedException {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(gate));
    Sink sink = new Sink();
    CallHandler.CallHandle handle = tasks.start(request(node(1), "gate"), sink);
    assertTrue(gate.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    handle.interrupt();
    assertTrue(gate.interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(TaskStatus.CANCELLED, sink.result.join().status());
  }

  @Test
  void interrupt_queuedCall_neverRuns() throws InterruptedException {
    GateTask second = new GateTask("second");
    TaskExecutor tasks = executor(1, 1, TaskRegistry.builder().add(gate).add(second));
    tasks.start(request(node(1), "gate"), new Sink());
    assertTrue(gate.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    CallHandler.CallHandle queued = tasks.start(request(node(1), "second"), new Sink());
    queued.interrupt();
    gate.release.countDown();
    Sink after = new Sink();
    tasks.start(request(node(1), "gate"), after);
    after.result.join();
    assertEquals(1, second.started.getCount());
  }

  @Test
  void close_afterGrace_interruptsRunningHandlers() throws InterruptedException {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(gate));
    tasks.start(request(node(1), "gate"), new Sink());
    assertTrue(gate.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    tasks.close(Duration.ofMillis(10));
    await().atMost(WAIT).until(() -> gate.interrupted.getCount() == 0);
    Sink late = new Sink();
    tasks.start(request(node(1), "gate"), late);
    assertEquals(TaskStatus.CANCELLED, late.result.join().status());
  }

  /** Upper-cases the payload, inline or not, taking at least {@code takes}. */
  private static final class Upper implements TaskHandler {
    private final boolean inline;
    private final Duration takes;

    Upper(boolean inline, Duration takes) {
      this.inline = inline;
      this.takes = takes;
    }

    @Override
    public String name() {
      return "upper";
    }

    @Override
    public String description() {
      return "upper-cases";
    }

    @Override
    public TaskResult handle(TaskRequest request) throws InterruptedException {
      if (!takes.isZero()) {
        Thread.sleep(takes.toMillis()); // the work this handler wrongly calls quick
      }
      return TaskResult.ok(new String(request.payload(), java.nio.charset.StandardCharsets.UTF_8)
          .toUpperCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public boolean runsInline(TaskRequest request) {
      return inline;
    }
  }

  /** An inline handler that fails the way an interrupted one does. */
  private static final class SelfInterrupter implements TaskHandler {
    @Override
    public String name() {
      return "interrupt";
    }

    @Override
    public String description() {
      return "interrupted";
    }

    @Override
    public TaskResult handle(TaskRequest request) throws InterruptedException {
      throw new InterruptedException("stop");
    }

    @Override
    public boolean runsInline(TaskRequest request) {
      return true;
    }
  }

  private static final class Thrower implements TaskHandler {
    private final String message;

    Thrower(String message) {
      this.message = message;
    }

    @Override
    public String name() {
      return "throw";
    }

    @Override
    public String description() {
      return "throws";
    }

    @Override
    public TaskResult handle(TaskRequest request) {
      throw new IllegalStateException(message);
    }
  }

  private static final class NullTask implements TaskHandler {
    @Override
    public String name() {
      return "null";
    }

    @Override
    public String description() {
      return "returns null";
    }

    @Override
    public TaskResult handle(TaskRequest request) {
      return null;
    }
  }

  /** Reads its payload as a stream and answers with its length, in one frame. */
  private static final class StreamLength implements StreamingTaskHandler {
    @Override
    public String name() {
      return "length";
    }

    @Override
    public String description() {
      return "counts streamed bytes";
    }

    @Override
    public TaskResult handle(TaskRequest request, java.io.InputStream payload, ResultStream result) throws Exception {
      return TaskResult.ok(Long.toString(payload.transferTo(java.io.OutputStream.nullOutputStream())).getBytes());
    }
  }

  @Test
  void streamsPayload_forStreamingTasksAndForCallsRefusedUnread() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new StreamLength()).add(new EchoTask())
        .allowCallers("echo", java.util.List.of(node(2))));
    assertTrue(tasks.streamsPayload(request(node(1), "length")));
    assertFalse(tasks.streamsPayload(request(node(2), "echo")));
    assertTrue(tasks.streamsPayload(request(node(1), "echo")), "denied: refused at once");
    assertTrue(tasks.streamsPayload(request(node(1), "nosuch")), "unknown: refused at once");
  }

  @Test
  void start_streamingTaskWithAWholePayload_readsItAsAStreamOnATaskThread() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder().add(new StreamLength()));
    Sink sink = new Sink();
    tasks.start(request(node(1), "length"), sink);
    assertEquals("3", sink.result.join().payloadAsString());
    assertTrue(sink.thread.getName().startsWith("echomesh-task"), sink.thread.getName());
  }

  @Test
  void startStreamed_unknownTask_isNotFound() {
    TaskExecutor tasks = executor(1, 0, TaskRegistry.builder());
    Sink sink = new Sink();
    tasks.startStreamed(request(node(1), "nosuch"), java.io.InputStream.nullInputStream(), sink);
    assertEquals(TaskStatus.NOT_FOUND, sink.result.join().status());
  }
}
