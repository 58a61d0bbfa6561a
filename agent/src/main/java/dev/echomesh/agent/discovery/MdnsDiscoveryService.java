package dev.echomesh.agent.discovery;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DiscoveryService} over {@link MdnsEndpoint}s, one per selected interface.
 *
 * <p>Threads: one control thread polls interfaces and opens and closes endpoints (the slow
 * jmdns calls); one event thread runs the {@link AnnouncementTracker} and the listener; stop
 * closes the endpoints in parallel on short-lived threads. The caller's thread never waits.
 */
final class MdnsDiscoveryService implements DiscoveryService {

  private static final Logger log = LoggerFactory.getLogger(MdnsDiscoveryService.class);

  private enum State { NEW, RUNNING, STOPPED }

  private final DiscoveryConfig config;
  private final LocalNode self;
  private final InterfaceSource source;
  private final InterfaceSelector selector;
  private final MdnsEndpoint.Factory factory;
  private final AnnouncementTracker tracker;
  private final ScheduledExecutorService control;
  private final ExecutorService events;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  /** Open endpoints by binding; touched only on the control thread. */
  private final Map<MdnsEndpoint.Binding, Sink> endpoints = new LinkedHashMap<>();
  /** Endpoints still closing, by interface name; control thread only. */
  private final Map<String, CompletableFuture<Void>> closing = new HashMap<>();
  private volatile List<LocalInterface> selected = List.of();
  private volatile List<String> active = List.of();
  /** What was last logged about the selection, to log changes only; control thread. */
  private String lastSelectionReport = "";
  private final Set<String> reportedOpenFailures = new HashSet<>();
  private volatile boolean sourceFailureReported;

  MdnsDiscoveryService(DiscoveryConfig config, LocalNode self, DiscoveryListener listener,
      InterfaceSource source, MdnsEndpoint.Factory factory) {
    this.config = config;
    this.self = self;
    this.source = source;
    this.selector = config.interfaceSelector();
    this.factory = factory;
    this.tracker = new AnnouncementTracker(self.nodeId(), self.meshId(), listener, this::interfaceOf);
    this.control = Executors.newSingleThreadScheduledExecutor(daemon("echomesh-mdns"));
    this.events = Executors.newSingleThreadExecutor(daemon("echomesh-mdns-events"));
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
    if (before == State.STOPPED) {
      return bounded();
    }
    if (before == State.NEW) {
      shutdownExecutors();
      closed.complete(null);
      return closed;
    }
    try {
      control.execute(this::closeAll);
    } catch (RejectedExecutionException e) {
      closed.complete(null);
    }
    return bounded();
  }

  @Override
  public List<String> interfaces() {
    return active;
  }

  @Override
  public long rejectedAnnouncements() {
    return tracker.rejectedCount();
  }

  /** Polls now on the control thread (tests; the schedule does the same). */
  CompletableFuture<Void> pollNow() {
    return CompletableFuture.runAsync(this::pollSafely, control);
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
    reportSelection(selection);

    Map<String, MdnsEndpoint.Binding> wanted = new LinkedHashMap<>();
    for (LocalInterface nic : selection.selected()) {
      nic.ipv4Addresses().stream().findFirst()
          .ifPresent(ip -> wanted.put(nic.name(), new MdnsEndpoint.Binding(nic.name(), ip, nic.mac())));
    }
    for (MdnsEndpoint.Binding binding : List.copyOf(endpoints.keySet())) {
      if (!binding.equals(wanted.get(binding.interfaceName()))) {
        Sink sink = endpoints.remove(binding);
        boolean interfaceGone = !wanted.containsKey(binding.interfaceName());
        log.info("mDNS on {} ({}) stops: {}", binding.interfaceName(), binding.address().getHostAddress(),
            interfaceGone ? "interface no longer used" : "its address or MAC changed");
        sink.retire(interfaceGone);
        // The successor waits for this close, but no longer than closeTimeout: when the address
        // is gone, jmdns cannot send its goodbye and takes 10 s to give up.
        CompletableFuture<Void> done = closeInBackground(sink)
            .completeOnTimeout(null, config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        closing.put(binding.interfaceName(), done);
        done.whenComplete((ok, error) -> pollSoon());
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
    Sink sink = new Sink(binding.interfaceName());
    try {
      sink.endpoint = factory.open(binding, self.name(), self.linkPort(),
          AnnouncementCodec.encode(self, binding.mac()), sink);
      endpoints.put(binding, sink);
      reportedOpenFailures.remove(binding.interfaceName());
      log.info("mDNS announces {} on {} ({})", self.name(), binding.interfaceName(), binding.address().getHostAddress());
    } catch (IOException | RuntimeException e) {
      if (reportedOpenFailures.add(binding.interfaceName())) {
        log.warn("Cannot start mDNS on {} ({}): {}; retrying every {} ms", binding.interfaceName(),
            binding.address().getHostAddress(), e.toString(), config.pollInterval().toMillis());
      }
    }
  }

  private void closeAll() {
    List<CompletableFuture<Void>> all = new ArrayList<>(closing.values());
    for (Sink sink : endpoints.values()) {
      sink.retire(false);
      all.add(closeInBackground(sink));
    }
    endpoints.clear();
    closing.clear();
    active = List.of();
    CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).whenComplete((ok, error) -> closed.complete(null));
    shutdownExecutors();
  }

  /** Closes an endpoint on its own thread: jmdns takes seconds, more when the network is gone. */
  private static CompletableFuture<Void> closeInBackground(Sink sink) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    daemon("echomesh-mdns-close-" + sink.interfaceName).newThread(() -> {
      try {
        sink.endpoint.close();
      } finally {
        done.complete(null);
      }
    }).start();
    return done;
  }

  /** Polls again at once (after a close finished), unless stopped. */
  private void pollSoon() {
    if (state.get() == State.RUNNING) {
      try {
        control.execute(this::pollSafely);
      } catch (RejectedExecutionException e) {
        // Stopped meanwhile.
      }
    }
  }

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

  private void shutdownExecutors() {
    control.shutdown();
    events.shutdown();
  }

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

  private void reportSelection(InterfaceSelector.Selection selection) {
    List<String> withoutIpv4 = selection.selected().stream().filter(n -> n.ipv4Addresses().isEmpty())
        .map(LocalInterface::name).toList();
    String skipped = selection.skipped().entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    String report = selection.selectedNames() + "|" + withoutIpv4 + "|" + skipped;
    if (report.equals(lastSelectionReport)) {
      return;
    }
    lastSelectionReport = report;
    if (selection.selected().isEmpty()) {
      log.warn("mDNS has no interface to use; skipped: {}. Name one with --interface NAME", skipped.isEmpty() ? "none found" : skipped);
      return;
    }
    log.info("mDNS interfaces: {}; skipped: {}", selection.selected().stream().map(LocalInterface::name).toList(),
        skipped.isEmpty() ? "none" : skipped);
    if (!withoutIpv4.isEmpty()) {
      log.info("mDNS waits for an IPv4 address on {}", withoutIpv4);
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Receives one endpoint's events and hands them to the event thread while it is current. */
  private final class Sink implements MdnsEndpoint.Events {
    private final String interfaceName;
    private volatile boolean retired;
    private MdnsEndpoint endpoint;

    Sink(String interfaceName) {
      this.interfaceName = interfaceName;
    }

    /** Ignores this endpoint's events from now on; withdraws what it saw if the interface is gone. */
    void retire(boolean interfaceGone) {
      retired = true;
      if (interfaceGone) {
        submit(() -> tracker.endpointClosed(interfaceName));
      }
    }

    @Override
    public void resolved(String instance, byte[] txt, int port, List<InetAddress> addresses) {
      if (!retired) {
        byte[] copy = txt == null ? new byte[0] : txt.clone();
        List<InetAddress> addressCopy = List.copyOf(addresses);
        submit(() -> tracker.resolved(interfaceName, instance, copy, port, addressCopy));
      }
    }

    @Override
    public void removed(String instance) {
      if (!retired) {
        submit(() -> tracker.removed(interfaceName, instance));
      }
    }

    private void submit(Runnable task) {
      try {
        events.execute(() -> {
          if (state.get() == State.RUNNING) {
            task.run();
          }
        });
      } catch (RejectedExecutionException e) {
        // Stopped: no listener call follows a stop.
      }
    }
  }
}
