package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.tools.EchomeshCommand;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent process on a virtual-LAN host: a {@link LanAgentMain} (which prints what it sees),
 * or the real {@code echomesh agent} daemon (for footprint figures).
 */
final class LanAgent {

  private static final AtomicInteger DAEMONS = new AtomicInteger();
  private static final Duration CONVERGE_POLL = Duration.ofMillis(20);

  private final VirtualHost host;
  private final HostProcess process;
  private final ProbeLog log;
  private final long spawnMillis;
  private String nodeId;

  private LanAgent(VirtualHost host, HostProcess process, long spawnMillis) {
    this.host = host;
    this.process = process;
    this.log = new ProbeLog(process.stdoutFile());
    this.spawnMillis = spawnMillis;
  }

  /**
   * Starts the real daemon, {@code echomesh agent}, on {@code host} with a data directory that
   * has joined the benchmark mesh (made here with the identity store, as {@code echomesh join}
   * would), so its node ID is known at once. It prints no events; use it for footprint figures.
   *
   * @param directory a directory every host sees; the data directory is made inside it
   */
  static LanAgent startDaemon(
      VirtualHost host, LauncherFlags.Launch launch, Path directory, MeshKey meshKey) {
    Path dataDir = directory.resolve("data-" + host.name() + "-" + DAEMONS.incrementAndGet());
    IdentityStore identity = new IdentityStore(DataDirectory.of(dataDir));
    identity.join(meshKey.joinCode(), false);
    return startDaemon(host, launch, dataDir, identity.nodeId().toString());
  }

  /**
   * Starts the real daemon on {@code host} over a data directory that has joined a mesh already
   * (made by {@link #startDaemon(VirtualHost, LauncherFlags.Launch, Path, MeshKey)}, e.g. to
   * start a killed agent again with everything it had), named {@code bench-HOST}.
   *
   * @param nodeId the node ID of that data directory
   */
  static LanAgent startDaemon(VirtualHost host, LauncherFlags.Launch launch, Path dataDir, String nodeId) {
    List<String> argv =
        ProbeCommands.java(
            launch, EchomeshCommand.class, "agent", "--data-dir", dataDir.toString(), "--name", daemonName(host));
    long spawn = System.currentTimeMillis();
    LanAgent daemon = new LanAgent(host, host.start(argv), spawn);
    daemon.nodeId = nodeId;
    return daemon;
  }

  /** The name a daemon on {@code host} runs with. */
  static String daemonName(VirtualHost host) {
    return "bench-" + host.name();
  }

  /**
   * Starts an agent on {@code host}.
   *
   * @param launch how the launcher starts an agent
   * @param meshKeyFile file holding the mesh's join code (owner-only)
   * @param lifetime after this the agent stops by itself
   */
  static LanAgent start(VirtualHost host, LauncherFlags.Launch launch, Path meshKeyFile, Duration lifetime) {
    List<String> argv =
        ProbeCommands.java(
            launch, LanAgentMain.class, "bench-" + host.name(), meshKeyFile.toString(),
            Long.toString(lifetime.toSeconds()));
    long spawn = System.currentTimeMillis();
    return new LanAgent(host, host.start(argv), spawn);
  }

  /**
   * Starts a {@link SoakAgentMain} on {@code host} with a data directory that has joined the mesh
   * (so its node ID is known at once, and stays the same when it is started again).
   *
   * @param startFile the file the soak writes when its calls start
   * @param lifetime after this the agent stops by itself
   */
  static LanAgent startSoak(
      VirtualHost host, LauncherFlags.Launch launch, Path dataDir, Path startFile, Duration lifetime) {
    String nodeId = new IdentityStore(DataDirectory.of(dataDir)).nodeId().toString();
    List<String> argv =
        ProbeCommands.java(
            launch, SoakAgentMain.class, "soak-" + host.name(), dataDir.toString(), startFile.toString(),
            Long.toString(lifetime.toSeconds()));
    long spawn = System.currentTimeMillis();
    LanAgent agent = new LanAgent(host, host.start(argv), spawn);
    agent.nodeId = nodeId;
    return agent;
  }

  /**
   * Waits until every one of {@code agents} lists every other one ALIVE.
   *
   * @throws BenchException when one exits, or after {@code timeout}
   */
  static void awaitConverged(List<LanAgent> agents, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int fewest = Integer.MAX_VALUE;
      for (LanAgent agent : agents) {
        List<String> alive = agent.peersIn(LanSuite.ALIVE);
        int known = (int) agents.stream().filter(o -> o != agent && alive.contains(o.nodeId())).count();
        fewest = Math.min(fewest, known);
      }
      if (fewest == agents.size() - 1) {
        return;
      }
      for (LanAgent agent : agents) {
        if (!agent.isAlive()) {
          throw new BenchException(agent + " exited: " + tail(agent.stderr()));
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new BenchException("after " + timeout.toSeconds() + " s, an agent listed only " + fewest
            + " of the other " + (agents.size() - 1) + " agents ALIVE (do agents find each other on a LAN?)");
      }
      try {
        Thread.sleep(CONVERGE_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
    }
  }

  VirtualHost host() {
    return host;
  }

  /** When this process was spawned, Unix millis. */
  long spawnMillis() {
    return spawnMillis;
  }

  ProbeLog log() {
    return log;
  }

  /**
   * Waits for the agent to have started.
   *
   * @return the event printed right before {@code Agents.start}
   * @throws BenchException when it did not start within {@code timeout}
   */
  ProbeLog.Event awaitStarted(Duration timeout) {
    Optional<ProbeLog.Event> started = log.await(e -> e.kind().equals("started"), timeout, () -> !process.isAlive());
    if (started.isEmpty()) {
      throw new BenchException("the agent on " + host.name()
          + (process.isAlive() ? " did not start within " + timeout.toSeconds() + " s" : " exited")
          + "; its stderr: " + tail(process.stderr()));
    }
    nodeId = started.get().word(0);
    return log.events().stream().filter(e -> e.kind().equals("starting")).findFirst().orElse(started.get());
  }

  /** Its node ID: a daemon's at once, a {@link LanAgentMain}'s once {@link #awaitStarted} returned. */
  String nodeId() {
    if (nodeId == null) {
      throw new IllegalStateException("the agent on " + host.name() + " has not started");
    }
    return nodeId;
  }

  /** When this agent first listed {@code peer} in {@code state} at or after {@code sinceMillis}. */
  Optional<Long> firstState(String peer, String state, long sinceMillis) {
    return log.events().stream()
        .filter(e -> e.kind().equals("peer") && e.word(0).equals(peer) && e.word(1).equals(state))
        .map(ProbeLog.Event::millis)
        .filter(at -> at >= sinceMillis)
        .findFirst();
  }

  /** The peers it lists in {@code state} now (the latest state event of each). */
  List<String> peersIn(String state) {
    java.util.Map<String, String> latest = new java.util.LinkedHashMap<>();
    for (ProbeLog.Event event : log.events()) {
      if (event.kind().equals("peer")) {
        latest.put(event.word(0), event.word(1));
      }
    }
    List<String> in = new ArrayList<>();
    latest.forEach((peer, peerState) -> {
      if (peerState.equals(state)) {
        in.add(peer);
      }
    });
    return in;
  }

  /** The median of a few readings of its RSS, a few seconds apart (see {@link ProcessRss#medianMib}). */
  double rssMedianMiB() {
    return ProcessRss.medianMib(process.pid());
  }

  /** Resident set of the agent's JVM in MiB, from /proc/PID/status VmRSS. */
  double rssMiB() {
    return ProcessRss.mib(process.pid());
  }

  /** Kills it with SIGKILL; returns the Unix millis right before the signal. */
  long kill9() {
    long at = System.currentTimeMillis();
    process.kill9();
    return at;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What it wrote to standard error so far. */
  String stderr() {
    return process.stderr();
  }

  static String tail(String text) {
    String stripped = text.strip();
    return stripped.length() <= 1500 ? stripped : "..." + stripped.substring(stripped.length() - 1500);
  }

  @Override
  public String toString() {
    return "agent on " + host.name() + (nodeId == null ? "" : " (" + nodeId + ")");
  }
}
