package dev.echomesh.agent.discovery;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Carries endpoint events from jmdns threads to one event thread, where the
 * {@link AnnouncementTracker} (and through it the listener) runs. Once closed, nothing more is
 * delivered.
 */
final class EventRelay {

  private final AnnouncementTracker tracker;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(MdnsDiscoveryService.daemon("echomesh-mdns-events"));
  private volatile boolean open = true;

  EventRelay(AnnouncementTracker tracker) {
    this.tracker = tracker;
  }

  /** A sink for the endpoint on {@code interfaceName}. */
  Sink sink(String interfaceName) {
    return new Sink(interfaceName);
  }

  /** Delivers nothing more, including events already queued. */
  void close() {
    open = false;
    thread.shutdown();
  }

  private void submit(Runnable task) {
    try {
      thread.execute(() -> {
        if (open) {
          task.run();
        }
      });
    } catch (RejectedExecutionException e) {
      // Closed: no listener call follows a stop.
    }
  }

  /** One endpoint's events; ignored once the endpoint is retired. */
  final class Sink implements MdnsEndpoint.Events {
    private final String interfaceName;
    private volatile boolean retired;

    private Sink(String interfaceName) {
      this.interfaceName = interfaceName;
    }

    String interfaceName() {
      return interfaceName;
    }

    /**
     * Ignores this endpoint's events from now on (it is closing); when its interface is no
     * longer used, the nodes only it saw are withdrawn.
     */
    void retire(boolean interfaceGone) {
      retired = true;
      if (interfaceGone) {
        submit(() -> tracker.endpointClosed(interfaceName));
      }
    }

    @Override
    public void resolved(String instance, byte[] txt, int port, List<InetAddress> addresses) {
      if (!retired) {
        byte[] txtCopy = txt == null ? new byte[0] : txt.clone();
        List<InetAddress> addressesCopy = List.copyOf(addresses);
        submit(() -> tracker.resolved(interfaceName, instance, txtCopy, port, addressesCopy));
      }
    }

    @Override
    public void removed(String instance) {
      if (!retired) {
        submit(() -> tracker.removed(interfaceName, instance));
      }
    }
  }
}
