package dev.echomesh.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.PingOutcome;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code echomesh demo} shows, on a virtual LAN it is given: N agents of one fresh mesh start,
 * find each other with no address given, and call each other. Every wait is bounded by one
 * deadline; the caller closes the LAN.
 */
final class Demo {

  /** How often the demo looks at the agents while it waits for them. */
  static final Duration POLL = Duration.ofMillis(200);
  /** Round trips measured to each peer before the table is shown. */
  static final int MIN_RTT_SAMPLES = 10;
  /** Pings of the ping section. */
  static final int PINGS = 3;
  /** How long each call of the demo may take. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final VirtualLan lan;
  private final PrintStream out;
  private final long deadlineNanos;
  private final List<DemoNode> nodes = new ArrayList<>();

  Demo(VirtualLan lan, PrintStream out, Duration timeout) {
    this.lan = lan;
    this.out = out;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** Runs the demo on the LAN's hosts; stops the agents before returning, also on failure. */
  void run() throws IOException, InterruptedException {
    try {
      long lastStarted = startAgents();
      awaitMesh();
      out.printf(Locale.ROOT, "All %d agents list each other ALIVE %.1f s after the last one was"
          + " launched (JVM start included), found by UDP broadcast pings; mDNS confirms a few"
          + " seconds later.%n%n", nodes.size(), (System.nanoTime() - lastStarted) / 1e9);
      showPeers(nodes.get(0));
      ping(nodes.get(0), nodes.get(1));
      callAcross(nodes.get(0), nodes.get(1));
      broadcastSysinfo(nodes.get(0));
    } finally {
      stopAgents();
    }
  }

  /** Starts every agent and waits until each answers; returns when the last was launched. */
  private long startAgents() throws InterruptedException {
    List<VirtualHost> hosts = lan.hosts();
    String joinCode = new IdentityStore(DataDirectory.of(lan.directory().resolve("node-1"))).init(false);
    out.println("Starting " + hosts.size() + " agents of a fresh mesh, one per host:");
    long lastStarted = System.nanoTime();
    for (VirtualHost host : hosts) {
      String name = "node-" + host.index();
      DemoNode node = DemoNode.create(host, lan.directory().resolve(name), name, joinCode);
      node.start();
      nodes.add(node);
      lastStarted = System.nanoTime();
      out.println("  " + name + "  " + host.ip().getHostAddress() + "  " + host.interfaceName() + " "
          + host.mac() + "  node " + node.nodeId().shortForm());
    }
    for (DemoNode node : nodes) {
      await(node.name() + " to start", () -> {
        if (!node.alive()) {
          throw new IllegalStateException(node.name() + " exited; its log ends:\n" + node.logTail());
        }
        return node.ready();
      });
    }
    out.println();
    return lastStarted;
  }

  private void awaitMesh() throws InterruptedException {
    for (DemoNode node : nodes) {
      await(node.name() + " to see every other agent ALIVE", () -> {
        List<Peer> peers = node.peers();
        return peers.size() == nodes.size() - 1
            && peers.stream().allMatch(p -> p.state() == PeerState.ALIVE);
      });
    }
  }

  private void showPeers(DemoNode node) throws IOException, InterruptedException {
    // The first round trips of a just-started JVM are slow (classes loading); a few more make the
    // figures representative.
    await("round trips to be measured", () -> node.peers().stream()
        .allMatch(p -> p.rtt().samples() >= MIN_RTT_SAMPLES));
    out.println("echomesh peers  (as " + node.name() + " sees them)");
    PeerFormat.table(node.peers(), Clock.systemUTC().instant(), out);
    out.println();
  }

  private void ping(DemoNode from, DemoNode to) throws IOException, InterruptedException {
    out.println("echomesh ping " + to.name() + " -c " + PINGS + "  (on " + from.name()
        + ": authenticated UDP ping, unicast pong)");
    try (ControlClient client = from.connect()) {
      for (int seq = 1; seq <= PINGS; seq++) {
        PingOutcome outcome = client.ping(to.name(), CALL_TIMEOUT);
        out.println("  " + (outcome.answered()
            ? "pong from " + to.name() + " " + outcome.address() + ": seq=" + seq + " time="
                + PingSummary.millis(outcome.roundTrip().get().toNanos()) + " ms"
            : "no pong from " + to.name() + ": seq=" + seq + " (" + outcome.message() + ")"));
        Thread.sleep(POLL.toMillis());
      }
    }
    out.println();
  }

  private void callAcross(DemoNode from, DemoNode to) throws IOException {
    String text = "hello from " + from.name();
    try (ControlClient client = from.connect()) {
      CallOutcome outcome = client.call(to.name(), "reverse", text.getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT);
      out.println("echomesh call " + to.name() + " reverse '" + text + "'  (on " + from.name() + ", over mutual TLS)");
      out.println("  " + (outcome.result().isOk() ? outcome.result().payloadAsString()
          : Calls.statusLine(outcome.result().status(), outcome.result().message())));
      out.println();
    }
  }

  private void broadcastSysinfo(DemoNode from) throws IOException {
    try (ControlClient client = from.connect()) {
      List<CallOutcome> outcomes = client.broadcast("sysinfo", new byte[0], CALL_TIMEOUT);
      out.println("echomesh broadcast sysinfo  (on " + from.name() + ": every ALIVE peer at once)");
      ObjectMapper json = new ObjectMapper();
      for (CallOutcome outcome : outcomes) {
        out.println("  " + outcome.peerName() + "  " + (outcome.result().isOk()
            ? summary(json.readTree(outcome.result().payload()))
            : Calls.statusLine(outcome.result().status(), outcome.result().message())));
      }
      out.println();
    }
  }

  /** "Linux 6.1.0 amd64, 2 CPUs, Java 17.0.9, agent up 4 s". */
  static String summary(JsonNode sysinfo) {
    return "OK  " + sysinfo.path("os").asText("?") + " " + sysinfo.path("arch").asText("") + ", "
        + sysinfo.path("cpus").asInt() + " CPUs, Java " + sysinfo.path("javaVersion").asText("?")
        + ", agent up " + sysinfo.path("agentUptimeSeconds").asLong() + " s";
  }

  private void stopAgents() {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (DemoNode node : nodes) {
      stops.add(CompletableFuture.runAsync(node::stop));
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    if (!nodes.isEmpty()) {
      out.println("Stopped " + nodes.size() + " agents (each told its peers it left).");
    }
  }

  /** A condition the demo waits for; may throw to give up at once. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws IOException;
  }

  private void await(String what, Condition condition) throws InterruptedException {
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException e) {
        // Not there yet (a control socket not bound yet): look again.
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new IllegalStateException("gave up waiting for " + what + describeNodes());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private String describeNodes() {
    StringBuilder text = new StringBuilder();
    for (DemoNode node : nodes) {
      text.append("\n--- ").append(node.name()).append(node.alive() ? " (running)" : " (exited)")
          .append('\n').append(node.logTail());
    }
    return text.toString();
  }
}
