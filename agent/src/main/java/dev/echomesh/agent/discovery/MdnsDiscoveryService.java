package dev.echomesh.agent.discovery;

import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DiscoveryService} over {@link MdnsEndpoint}s, one per selected interface.
 *
 * <p>Threads: one control thread polls interfaces and opens endpoints (jmdns calls that take a
 * while); endpoints close on short-lived threads of their own (seconds each); the
 * {@link EventRelay}'s thread runs the tracker and the listener. The caller's thread never waits.
 */
final class MdnsDiscoveryService implements DiscoveryService {

  private static final Logger log = LoggerFactory.getLogger(MdnsDiscoveryService.class);

  private enum State { NEW, RUNNING, STOPPED }

  /** An open endpoint and the sink of its events. */
  private record Opened(MdnsEndpoint endpoint, EventRelay.Sink sink) {}

  private final DiscoveryConfig config;
  private final LocalNode self;
  private final InterfaceSource source;
  private final InterfaceSelector selector;
  private final MdnsEndpoint.Factory factory;
  private final AnnouncementTracker tracker;
  private final MdnsHearing hearing;
  private final EventRelay relay;
  private final ScheduledExecutorService control =
      Executors.newSingleThreadScheduledExecutor(daemon("echomesh-mdns"));
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  // Control thread only:
  private final Map<MdnsEndpoint.Binding, Opened> endpoints = new LinkedHashMap<>();
  /** Endpoints still closing, by interface name; their successors wait. */
  private final Map<String, CompletableFuture<Void>> closing = new HashMap<>();
  private final SelectionLog selectionLog = new SelectionLog();
  private final Set<String> reportedOpenFailures = new HashSet<>();
  private boolean sourceFailureReported;

  private volatile List<LocalInterface> selected = List.of();
  private volatile List<String> active = List.of();

  MdnsDiscoveryService(DiscoveryConfig config, LocalNode self, DiscoveryListener listener,
      InterfaceSource source, MdnsEndpoint.Factory factory) {
    this(config, self, listener, source, factory, Ticker.system());
  }

  /** @param ticker what the times of the {@link #report()} are read on */
  MdnsDiscoveryService(DiscoveryConfig config, LocalNode self, DiscoveryListener listener,
      InterfaceSource source, MdnsEndpoint.Factory factory, Ticker ticker) {
    this.config = config;
    this.hearing = new MdnsHearing(ticker);
    this.self = self;
    this.source = source;
    this.selector = config.interfaceSelector();
    this.factory = factory;
    this.tracker = new AnnouncementTracker(self.nodeId(), self.meshId(), listener, this::interfaceOf, hearing);
    this.relay = new EventRelay(tracker);
  }

  @Override
  public void start() {
    if (state.get() == State.STOPPED) {
      throw new IllegalStateException("discovery was stopped; make a new one");
    }
    if (!config.enabled()) {
      log.info("mDNS discovery is off; peers are found by UDP pings only");
      return;
    }
    if (state.compareAndSet(State.NEW, State.RUNNING)) {
      control.scheduleWithFixedDelay(this::pollSafely, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public CompletableFuture<Void> stop() {
    State before = state.getAndSet(State.STOPPED);
    relay.close();
    if (before == State.NEW) {
      control.shutdown();
      closed.complete(null);
    } else if (before == State.RUNNING) {
      try {
        control.execute(this::closeAll);
      } catch (RejectedExecutionException e) {
        closed.complete(null);
      }
    }
    return bounded();
  }

  @Override
  public List<String> interfaces() {
    return active;
  }

  @Override
  public DiscoveryReport report() {
    return hearing.report(config.enabled(), active);
  }

  @Override
  public long rejectedAnnouncements() {
    return tracker.rejectedCount();
  }

  /** Polls now on the control thread (tests; the schedule does the same). */
  CompletableFuture<Void> pollNow() {
    return CompletableFuture.runAsync(this::pollSafely, control);
  }

  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.error("mDNS interface poll failed; retrying in {} ms", config.pollInterval().toMillis(), e);
    }
  }

  private void poll() {
    if (state.get() != State.RUNNING) {
      return;
    }
    List<LocalInterface> all;
    try {
      all = source.interfaces();
      sourceFailureReported = false;
    } catch (IOException e) {
      if (!sourceFailureReported) {
        sourceFailureReported = true;
        log.warn("Cannot list network interfaces ({}); mDNS keeps its current ones", e.toString());
      }
      return;
    }
    InterfaceSelector.Selection selection = selector.select(all);
    selected = selection.selected();
    selectionLog.report(selection);

    Map<String, MdnsEndpoint.Binding> wanted = new LinkedHashMap<>();
    for (LocalInterface nic : selection.selected()) {
      nic.ipv4Addresses().stream().findFirst()
          .ifPresent(ip -> wanted.put(nic.name(), new MdnsEndpoint.Binding(nic.name(), ip, nic.mac())));
    }
    for (MdnsEndpoint.Binding binding : List.copyOf(endpoints.keySet())) {
      if (!binding.equals(wanted.get(binding.interfaceName()))) {
        retire(binding, !wanted.containsKey(binding.interfaceName()));
      }
    }
    closing.values().removeIf(CompletableFuture::isDone);
    for (MdnsEndpoint.Binding binding : wanted.values()) {
      // A successor opens once its predecessor has closed: both would claim our host and
      // instance names, and jmdns would rename one after a probe conflict.
      if (!endpoints.containsKey(binding) && !closing.containsKey(binding.interfaceName())) {
        open(binding);
      }
    }
    active = endpoints.keySet().stream().map(MdnsEndpoint.Binding::interfaceName).toList();
  }

  private void open(MdnsEndpoint.Binding binding) {
    EventRelay.Sink sink = relay.sink(binding.interfaceName());
    try {
      MdnsEndpoint endpoint = factory.open(binding, self.name(), self.linkPort(),
          AnnouncementCodec.encode(self, binding.mac()), sink);
      endpoints.put(binding, new Opened(endpoint, sink));
      hearing.announcing();
      reportedOpenFailures.remove(binding.interfaceName());
      log.info("mDNS announces {} on {} ({})", self.name(), binding.interfaceName(), binding.address().getHostAddress());
    } catch (IOException | RuntimeException e) {
      if (reportedOpenFailures.add(binding.interfaceName())) {
        log.warn("Cannot start mDNS on {} ({}): {}; retrying every {} ms", binding.interfaceName(),
            binding.address().getHostAddress(), e.toString(), config.pollInterval().toMillis());
      }
    }
  }

  private void retire(MdnsEndpoint.Binding binding, boolean interfaceGone) {
    Opened opened = endpoints.remove(binding);
    log.info("mDNS on {} ({}) stops: {}", binding.interfaceName(), binding.address().getHostAddress(),
        interfaceGone ? "the interface is no longer used" : "its address or MAC changed");
    opened.sink().retire(interfaceGone);
    // The successor waits for this close, but no longer than closeTimeout: when the address is
    // gone, jmdns cannot send its goodbye and takes 10 s to give up.
    CompletableFuture<Void> done = closeInBackground(opened)
        .completeOnTimeout(null, config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    closing.put(binding.interfaceName(), done);
    done.whenComplete((ok, error) -> pollSoon());
  }

  private void closeAll() {
    List<CompletableFuture<Void>> all = new ArrayList<>(closing.values());
    for (Opened opened : endpoints.values()) {
      opened.sink().retire(false);
      all.add(closeInBackground(opened));
    }
    endpoints.clear();
    closing.clear();
    active = List.of();
    control.shutdown();
    CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).whenComplete((ok, error) -> closed.complete(null));
  }

  /** Closes an endpoint on a thread of its own: jmdns takes seconds, more when the network is gone. */
  private static CompletableFuture<Void> closeInBackground(Opened opened) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    daemon("echomesh-mdns-close-" + opened.sink().interfaceName()).newThread(() -> {
      try {
        opened.endpoint().close();
      } finally {
        done.complete(null);
      }
    }).start();
    return done;
  }

  /** Polls again at once (a predecessor finished closing), unless stopped. */
  private void pollSoon() {
    if (state.get() == State.RUNNING) {
      try {
        control.execute(this::pollSafely);
      } catch (RejectedExecutionException e) {
        // Stopped meanwhile: nothing to open.
      }
    }
  }

  /** {@link #closed}, or done after closeTimeout, whichever comes first. */
  private CompletableFuture<Void> bounded() {
    CompletableFuture<Void> result = new CompletableFuture<>();
    closed.whenComplete((ok, error) -> result.complete(null));
    CompletableFuture.delayedExecutor(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (result.complete(null)) {
        log.warn("mDNS did not close within {} ms; its goodbyes may be incomplete", config.closeTimeout().toMillis());
      }
    });
    return result;
  }

  /** Our selected interface on whose subnet one of {@code addresses} is, if any. */
  private Optional<String> interfaceOf(List<InetAddress> addresses) {
    List<LocalInterface> now = selected;
    for (InetAddress address : addresses) {
      if (address instanceof Inet4Address) {
        for (LocalInterface nic : now) {
          if (nic.isOnLink(address)) {
            return Optional.of(nic.name());
          }
        }
      }
    }
    return Optional.empty();
  }
}
