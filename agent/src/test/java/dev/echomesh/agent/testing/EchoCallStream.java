package dev.echomesh.agent.testing;

import static org.awaitility.Awaitility.await;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code echo} calls from one member to another, one after another on a thread of its own, to
 * show that what happens to other connections does not disturb them. Bounded: at most {@link
 * #MAX_CALLS} calls.
 *
 * <pre>{@code
 * try (EchoCallStream stream = EchoCallStream.start(caller::call, target.nodeId(), WAIT)) {
 *   ... disturb something else ...
 *   stream.awaitMoreCalls(20);
 *   assertEquals(List.of(), stream.stopAndGetFailures());
 * }
 * }</pre>
 */
public final class EchoCallStream implements AutoCloseable {

  /** The most calls one stream makes. */
  public static final int MAX_CALLS = 1_000_000;
  /** Deadline of each call. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** How the stream calls a task: {@code Agent::call} or {@code LinkLayer::call}. */
  @FunctionalInterface
  public interface Caller {
    CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout);
  }

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger ok = new AtomicInteger();
  private final List<TaskResult> failures = new CopyOnWriteArrayList<>();
  private final Duration wait;
  private final Future<?> loop;

  private EchoCallStream(Caller from, NodeId to, Duration wait) {
    this.wait = Objects.requireNonNull(wait, "wait");
    loop = thread.submit(() -> {
      for (int i = 0; i < MAX_CALLS && !stop.get(); i++) {
        byte[] payload = ("n" + i).getBytes(StandardCharsets.UTF_8);
        TaskResult result = from.call(to, "echo", payload, CALL_TIMEOUT).join();
        if (result.status() == TaskStatus.OK && Arrays.equals(payload, result.payload())) {
          ok.incrementAndGet();
        } else {
          failures.add(result);
        }
      }
    });
  }

  /**
   * Starts calling {@code echo} on {@code to} through {@code from} and waits, up to {@code wait},
   * until the first call has come back.
   *
   * @param wait how long this stream's waits may take
   */
  public static EchoCallStream start(Caller from, NodeId to, Duration wait) {
    EchoCallStream stream = new EchoCallStream(from, to, wait);
    try {
      await("the call stream is flowing").atMost(wait).until(() -> stream.ok.get() > 0 || !stream.failures.isEmpty());
      return stream;
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  /** Waits for some more calls to succeed, so an event has had its chance to disturb them. */
  public void awaitMoreCalls(int more) {
    int target = ok.get() + more;
    await().atMost(wait).until(() -> ok.get() >= target || !failures.isEmpty());
  }

  /** Stops the stream and returns the calls that did not come back OK with their payload. */
  public List<TaskResult> stopAndGetFailures() throws Exception {
    stop.set(true);
    loop.get(wait.toSeconds(), TimeUnit.SECONDS);
    return failures;
  }

  @Override
  public void close() {
    stop.set(true);
    thread.shutdownNow();
  }
}
