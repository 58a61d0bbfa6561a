package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.internal.EchoTask;
import dev.echomesh.agent.task.internal.TaskExecutor;
import dev.echomesh.agent.task.internal.TaskRegistry;
import dev.echomesh.agent.testing.EchoCallStream;
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
  static EchoCallStream stream(LinkLayer a, LinkLayer b) {
    return EchoCallStream.start(a::call, b.self(), WAIT);
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
}
