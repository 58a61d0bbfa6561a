package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.task.internal.CallHandler.CallHandle;
import dev.echomesh.agent.task.internal.CallHandler.ResultSink;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ObservedCallsTest {

  private record Handled(String task, TaskStatus status, long elapsedNanos) {}

  private final FakeTicker ticker = new FakeTicker();
  private final List<Handled> handled = new ArrayList<>();
  private final List<TaskResult> delivered = new ArrayList<>();
  private final AtomicReference<ResultSink> heldSink = new AtomicReference<>();
  private final List<String> interrupted = new ArrayList<>();
  private final ActivityListener activity = new ActivityListener() {
    @Override
    public void callHandled(String task, TaskStatus status, long elapsedNanos) {
      handled.add(new Handled(task, status, elapsedNanos));
    }
  };

  /** A handler that holds each call's sink until the test completes it. */
  private final CallHandler holding = (request, sink) -> {
    heldSink.set(sink);
    return () -> interrupted.add(request.task());
  };

  private static TaskRequest request(String task) {
    NodeId caller = TestPeers.nodeId("caller");
    return new TaskRequest(caller, task, new byte[0], Instant.now().plusSeconds(60));
  }

  @Test
  void start_resultDelivered_reportsItsStatusAndElapsedTimeOnce() {
    new ObservedCalls(holding, activity, ticker).start(request("echo"), delivered::add);
    ticker.advance(Duration.ofMillis(3));
    heldSink.get().complete(TaskResult.ok(new byte[0]));
    heldSink.get().complete(TaskResult.error(TaskStatus.FAILED, "late"));

    assertEquals(List.of(new Handled("echo", TaskStatus.OK, 3_000_000)), handled);
    assertEquals(2, delivered.size(), "every result still reaches the link's sink, which keeps the first");
  }

  @Test
  void start_interruptedBeforeItsResult_reportsCancelledAndInterruptsTheWork() {
    CallHandle handle = new ObservedCalls(holding, activity, ticker).start(request("slow"), delivered::add);
    ticker.advance(Duration.ofSeconds(2));
    handle.interrupt();
    heldSink.get().complete(TaskResult.error(TaskStatus.CANCELLED, "interrupted"));

    assertEquals(List.of(new Handled("slow", TaskStatus.CANCELLED, 2_000_000_000L)), handled);
    assertEquals(List.of("slow"), interrupted);
  }

  @Test
  void start_answeredAtOnce_isReportedBeforeStartReturns() {
    CallHandler refusing = (request, sink) -> {
      sink.complete(TaskResult.error(TaskStatus.NOT_FOUND, "no such task"));
      return CallHandle.DONE;
    };
    new ObservedCalls(refusing, activity, ticker).start(request("nosuch"), delivered::add).interrupt();

    assertEquals(List.of(new Handled("nosuch", TaskStatus.NOT_FOUND, 0)), handled);
  }
}
