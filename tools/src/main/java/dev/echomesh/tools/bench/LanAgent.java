package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.tools.EchomeshCommand;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import java.io.IOException;
import java.nio.file.Files;
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

  private static final double KIB_PER_MIB = 1024.0;
  /**
   * Readings behind one RSS figure. An idle agent's resident set still moves by several MiB for
   * a few seconds at a time during its first minute: each JIT compilation takes arena memory that
   * HotSpot hands back to malloc up to 5 s later and the launcher's trim returns 2 s after that.
   * One reading would measure that noise; the median of a few shows where the process sits.
   */
  static final int RSS_READINGS = 5;
  /** Time between two of the {@link #RSS_READINGS}. */
  static final Duration RSS_READING_INTERVAL = Duration.ofSeconds(1);
  private static final AtomicInteger DAEMONS = new AtomicInteger();

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

  /**
   * The median of {@value #RSS_READINGS} readings of {@link #rssMiB()}, {@link
   * #RSS_READING_INTERVAL} apart (so this takes that long).
   */
  double rssMedianMiB() {
    List<Double> readings = new ArrayList<>();
    for (int reading = 0; reading < RSS_READINGS; reading++) {
      if (reading > 0) {
        try {
          Thread.sleep(RSS_READING_INTERVAL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BenchException("interrupted", e);
        }
      }
      readings.add(rssMiB());
    }
    return new Samples(readings).p50();
  }

  /** Resident set of the agent's JVM in MiB, from /proc/PID/status VmRSS. */
  double rssMiB() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / KIB_PER_MIB;
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new BenchException("cannot read " + status + ": " + e, e);
    }
    throw new BenchException(status + " has no VmRSS line");
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
