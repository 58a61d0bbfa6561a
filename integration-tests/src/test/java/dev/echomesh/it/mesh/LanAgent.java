package dev.echomesh.it.mesh;

import static org.awaitility.Awaitility.await;

import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.JavaCommand;
import dev.echomesh.tools.lan.VirtualHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@code echomesh agent} process on a virtual host, with its own data directory in the LAN's
 * directory. The test JVM talks to it over its control socket, as the CLI does (Unix sockets work
 * across the namespaces: they are files).
 */
final class LanAgent {

  /** Generous: JVM start and TLS set-up on two shared cores, with other agents running. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final VirtualHost host;
  private final Path dataDir;
  private final List<String> extraArgs;
  private final List<Path> plugins;
  private Map<String, String> environment = Map.of();
  private HostProcess process;
  private NodeId nodeId;

  private LanAgent(VirtualHost host, Path dataDir, List<String> extraArgs, List<Path> plugins) {
    this.host = host;
    this.dataDir = dataDir;
    this.extraArgs = List.copyOf(extraArgs);
    this.plugins = List.copyOf(plugins);
  }

  /** A new mesh: makes its key in {@code dataDir} and returns the join code. */
  static String newMesh(Path dataDir) {
    return new IdentityStore(DataDirectory.of(dataDir)).init(false);
  }

  /** Makes {@code dataDir} a member of the mesh of {@code joinCode}. */
  static void join(Path dataDir, String joinCode) {
    new IdentityStore(DataDirectory.of(dataDir)).join(joinCode, false);
  }

  /** An agent (not started) on {@code host} with data directory {@code dataDir}, already a member. */
  static LanAgent on(VirtualHost host, Path dataDir, List<Path> plugins, String... extraArgs) {
    return new LanAgent(host, dataDir, List.of(extraArgs), plugins);
  }

  /** Runs the agent's JVM with these environment variables besides its own, from the next start. */
  LanAgent environment(Map<String, String> variables) {
    this.environment = new TreeMap<>(variables);
    return this;
  }

  /** Starts the agent and waits until its control socket answers. */
  LanAgent start() {
    List<String> argv = new ArrayList<>(List.of("env", SleepTask.HOST_ENV + "=" + host.name()));
    environment.forEach((name, value) -> argv.add(name + "=" + value));
    List<String> args = new ArrayList<>(List.of("agent", "--data-dir", dataDir.toString(), "--name", name()));
    args.addAll(extraArgs);
    argv.addAll(JavaCommand.echomeshJar("dev.echomesh.tools.EchomeshCommand", plugins)
        .args(args.toArray(String[]::new)).argv());
    process = host.start(argv.toArray(String[]::new));
    HostProcess started = process;
    await(name() + " answers on its control socket")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .failFast(name() + " exited: " + started, () -> !started.isAlive())
        .until(() -> status().isPresent());
    return this;
  }

  /** Stops it cleanly (SIGTERM) and returns its exit status. */
  int stop() {
    return process.stop();
  }

  /** Kills it with SIGKILL. */
  void kill9() {
    process.kill9();
  }

  VirtualHost host() {
    return host;
  }

  String name() {
    return host.name();
  }

  Path dataDir() {
    return dataDir;
  }

  HostProcess process() {
    return process;
  }

  synchronized NodeId nodeId() {
    if (nodeId == null) {
      nodeId = new IdentityStore(DataDirectory.of(dataDir)).nodeId();
    }
    return nodeId;
  }

  /** Its status, or empty when it does not answer. */
  Optional<AgentStatus> status() {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      return Optional.of(client.status());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** What its mDNS discovery hears now. */
  DiscoveryReport discovery() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      return client.discoveryReport();
    }
  }

  /** Its peer table now. */
  List<Peer> peers() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      return client.peers();
    }
  }

  /** Its record of {@code other}, if it has one. */
  Optional<Peer> peer(LanAgent other) throws IOException {
    NodeId id = other.nodeId();
    return peers().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  CallOutcome call(String peer, String task, String payload, Duration timeout) throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir, timeout.plusSeconds(30))) {
      return client.call(peer, task, payload.getBytes(StandardCharsets.UTF_8), timeout);
    }
  }

  List<CallOutcome> broadcast(String task, String payload, Duration timeout) throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir, timeout.plusSeconds(30))) {
      return client.broadcast(task, payload.getBytes(StandardCharsets.UTF_8), timeout);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
