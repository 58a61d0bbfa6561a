package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.internal.EchoTask;
import dev.echomesh.agent.task.internal.TaskExecutor;
import dev.echomesh.agent.task.internal.TaskRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Link layers on 127.0.0.1 for tests, each running {@code echo} (and any extra tasks) on a
 * real task executor, with an address book the test fills; all closed together.
 */
final class LinkFixture implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  /** Where each node listens, as the resolver of every layer of this fixture sees it. */
  final Map<NodeId, InetSocketAddress> addresses = new ConcurrentHashMap<>();
  private final List<AutoCloseable> resources = new ArrayList<>();

  static LinkConfig.Builder config(String name) {
    return LinkConfig.builder().nodeName(name).agentVersion("test")
        .bindAddress(InetAddress.getLoopbackAddress()).port(0);
  }

  LinkLayer start(NodeCredentials credentials, LinkConfig.Builder config, TaskHandler... tasks) {
    return start(credentials, config, LinkListener.NONE, tasks);
  }

  LinkLayer start(NodeCredentials credentials, LinkConfig.Builder config, LinkListener listener, TaskHandler... tasks) {
    TaskRegistry registry = TaskRegistry.builder().add(new EchoTask()).addAll(List.of(tasks)).build();
    TaskExecutor executor = new TaskExecutor(registry, 4, 4096);
    resources.add(executor);
    try {
      LinkLayer layer = LinkLayer.start(config.build(), credentials, executor,
          id -> Optional.ofNullable(addresses.get(id)), listener);
      resources.add(0, layer);
      addresses.put(credentials.nodeId(), layer.localAddress());
      return layer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code a} has a usable link to {@code b}. */
  static void awaitLinked(LinkLayer a, LinkLayer b) {
    await().atMost(WAIT).until(() -> a.linkedPeers().contains(b.self()));
  }

  /** Starts calling {@code echo} from {@code a} to {@code b}, one call after another. */
  static CallStream stream(LinkLayer a, LinkLayer b) {
    return new CallStream(a, b.self());
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    resources.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Echo calls between two members in a loop, to show that what happens to other connections
   * does not disturb them. Bounded: at most {@link #MAX_CALLS} calls.
   */
  static final class CallStream implements AutoCloseable {
    static final int MAX_CALLS = 1_000_000;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger ok = new AtomicInteger();
    private final List<TaskResult> failures = new CopyOnWriteArrayList<>();
    private final Future<?> loop;

    private CallStream(LinkLayer from, NodeId to) {
      loop = thread.submit(() -> {
        for (int i = 0; i < MAX_CALLS && !stop.get(); i++) {
          byte[] payload = ("n" + i).getBytes();
          TaskResult result = from.call(to, "echo", payload, Duration.ofSeconds(10)).join();
          if (result.status() == TaskStatus.OK && java.util.Arrays.equals(payload, result.payload())) {
            ok.incrementAndGet();
          } else {
            failures.add(result);
          }
        }
      });
      await("the call stream is flowing").atMost(WAIT).until(() -> ok.get() > 0 || !failures.isEmpty());
    }

    /** Waits for some more calls to succeed, so an event has had its chance to disturb them. */
    void awaitMoreCalls(int more) {
      int target = ok.get() + more;
      await().atMost(WAIT).until(() -> ok.get() >= target || !failures.isEmpty());
    }

    /** Stops the stream and returns the calls that did not come back OK with their payload. */
    List<TaskResult> stopAndGetFailures() throws Exception {
      stop.set(true);
      loop.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return failures;
    }

    @Override
    public void close() {
      stop.set(true);
      thread.shutdownNow();
    }
  }
}
