package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The measurements that need a LAN, on a private virtual one (network namespaces; nothing
 * reaches the machine's interfaces): jmdns alone, an agent's start-up to its first ping and its
 * idle RSS, then discovery and detection of a new agent by 4 and by 16 others.
 *
 * <p>Host 1 runs the agent under test (or the jmdns announcer), hosts 2..17 the watching agents,
 * host 18 the jmdns browser or the raw UDP receiver. The start-up and idle figures are of the
 * real daemon ({@code echomesh agent}); the discovery trials use {@link LanAgentMain}, the same
 * agent library with a main that prints each peer state change with its time.
 */
final class LanSuite {

  /** The outcome of the LAN part. */
  record Outcome(LanResults lan, FootprintResults footprint) {}

  private static final int SUBJECT_HOST = 1;
  private static final int FIRST_OBSERVER_HOST = 2;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(30);
  /** Start-ups are cheap (no peers, one settle): a few more of them than discovery trials. */
  private static final int STARTUP_EXTRA_TRIALS = 2;
  /** Agents stop by themselves after this, whatever happens to the benchmark. */
  private static final Duration AGENT_LIFETIME = Duration.ofMinutes(10);
  static final String ALIVE = "ALIVE";
  static final String DEAD = "DEAD";

  private final BenchPlan plan;
  private final BenchCredentials credentials;
  private final Consumer<String> progress;

  LanSuite(BenchPlan plan, BenchCredentials credentials, Consumer<String> progress) {
    this.plan = plan;
    this.credentials = credentials;
    this.progress = progress;
  }

  Outcome run() {
    if (plan.lanTrials() == 0 || plan.lanSizes().isEmpty()) {
      String reason = "this plan (" + plan.mode() + ") runs no virtual-LAN trials";
      return new Outcome(LanResults.skipped(reason, plan.lanSizes()), FootprintResults.skipped(reason));
    }
    VirtualLan.Availability availability = VirtualLan.availability();
    if (!availability.available()) {
      String reason = "network namespaces unavailable: " + availability.reason();
      return new Outcome(LanResults.skipped(reason, plan.lanSizes()), FootprintResults.skipped(reason));
    }
    Optional<LauncherFlags.Launch> launcher;
    String noLauncher =
        "the ./echomesh launcher script was not found next to this jar (set " + LauncherFlags.SCRIPT_ENV
            + "), so how it starts an agent is unknown";
    try {
      launcher = LauncherFlags.find();
    } catch (IllegalStateException e) {
      launcher = Optional.empty();
      noLauncher = e.getMessage();
    }
    LauncherFlags.Launch launch = launcher.orElse(LauncherFlags.Launch.defaults());
    int observers = plan.lanSizes().stream().max(Integer::compare).orElseThrow();
    progress.accept("virtual LAN: " + (observers + 2) + " hosts");
    try (VirtualLan lan = VirtualLan.create(observers + 2)) {
      Path meshKeyFile = writeMeshKey(lan.directory(), credentials.meshKey());
      Run run = new Run(lan, launch, meshKeyFile, observers + 2);
      Measured<Samples> jmdns = run.jmdns();
      progress.accept("virtual LAN: agent start -> first ping and idle RSS");
      AgentStartup.Result startup =
          new AgentStartup(lan, lan.host(SUBJECT_HOST), lan.host(observers + 2), launch, credentials.meshKey(),
                  plan.rssSettle())
              .measure(plan.lanTrials() + STARTUP_EXTRA_TRIALS);
      Map<Integer, Measured<Samples>> discovery = new LinkedHashMap<>();
      for (int size : plan.lanSizes().stream().sorted().toList()) {
        discovery.put(size, run.discoveryAt(size));
      }
      LanResults lanResults =
          new LanResults(
              discovery,
              jmdns,
              run.detections.isEmpty()
                  ? Measured.missing(
                      run.detectionFailure != null ? run.detectionFailure
                          : run.observerFailure != null ? run.observerFailure : "no agent was killed")
                  : Measured.of(new Samples(run.detections)),
              run.falseDead(),
              run.falseDeadEvents);
      String flagNote = launcher.isPresent() ? launch.describe() : "";
      FootprintResults footprint =
          launcher.isPresent()
              ? new FootprintResults(
                  startup.rssIdleMiB(), run.rssWithPeers, startup.startToFirstPingMillis(), startup.trialsMillis(),
                  flagNote)
              : new FootprintResults(
                  Measured.missing(noLauncher), Measured.missing("launcher settings unknown"),
                  startup.startToFirstPingMillis(), startup.trialsMillis(), "");
      return new Outcome(lanResults, footprint);
    } catch (RuntimeException e) {
      String reason = "the virtual LAN failed: " + e.getMessage();
      return new Outcome(LanResults.skipped(reason, plan.lanSizes()), FootprintResults.skipped(reason));
    }
  }

  /** Writes the mesh's join code to an owner-only file {@code mesh.key} in {@code directory}, for probe processes. */
  static Path writeMeshKey(Path directory, MeshKey meshKey) {
    Path file = directory.resolve("mesh.key");
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, meshKey.joinCode(), StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new BenchException("cannot write the benchmark mesh key: " + e, e);
    }
  }

  /** One LAN's worth of agents and what has been measured on it. */
  private final class Run {
    final VirtualLan lan;
    final LauncherFlags.Launch launch;
    final Path meshKeyFile;
    final int auxHost;
    final List<LanAgent> observers = new ArrayList<>();
    final Map<String, Long> killedAt = new LinkedHashMap<>();
    /** Node ID to the host it ran on, for the false DEAD report. */
    final Map<String, String> hostOf = new LinkedHashMap<>();
    /** [from, to] Unix millis while watching agents were starting and finding each other. */
    final List<long[]> setupWindows = new ArrayList<>();
    final List<String> falseDeadEvents = new ArrayList<>();
    final List<Double> detections = new ArrayList<>();
    String detectionFailure;
    Measured<Double> rssWithPeers = Measured.missing("no run with 16 other agents");
    String observerFailure;

    Run(VirtualLan lan, LauncherFlags.Launch launch, Path meshKeyFile, int hosts) {
      this.lan = lan;
      this.launch = launch;
      this.meshKeyFile = meshKeyFile;
      this.auxHost = hosts;
    }

    Measured<Samples> jmdns() {
      progress.accept("virtual LAN: jmdns announce -> resolved, " + plan.lanTrials() + " trial(s)");
      try {
        return Measured.of(JmdnsBaseline.measure(lan.host(SUBJECT_HOST), lan.host(auxHost), launch, plan.lanTrials()));
      } catch (BenchException | IllegalStateException e) {
        return Measured.missing("jmdns: " + e.getMessage());
      }
    }

    /** Grows the watching agents to {@code size} and times new agents joining and dying. */
    Measured<Samples> discoveryAt(int size) {
      if (observerFailure != null) {
        return Measured.missing(observerFailure);
      }
      try {
        progress.accept("virtual LAN: " + size + " watching agents");
        long setupFrom = System.currentTimeMillis();
        // One at a time: on a real LAN each agent has its own CPU; a dozen JVMs starting at once
        // on two shared cores would stall every agent for seconds and fake DEADs.
        while (observers.size() < size) {
          LanAgent observer = LanAgent.start(lan.host(FIRST_OBSERVER_HOST + observers.size()), launch, meshKeyFile, AGENT_LIFETIME);
          observers.add(observer);
          observer.awaitStarted(START_TIMEOUT);
          hostOf.put(observer.nodeId(), observer.host().name());
        }
        LanAgent.awaitConverged(observers, CONVERGE_TIMEOUT);
        setupWindows.add(new long[] {setupFrom, System.currentTimeMillis()});
      } catch (BenchException e) {
        observerFailure = e.getMessage();
        return Measured.missing(observerFailure);
      }
      List<Double> millis = new ArrayList<>();
      for (int trial = 1; trial <= plan.lanTrials(); trial++) {
        progress.accept("virtual LAN: new agent among " + size + ", trial " + trial);
        try {
          millis.add(trial());
        } catch (BenchException e) {
          return Measured.missing(e.getMessage());
        }
      }
      if (size == BenchPlan.RSS_PEERS) {
        rssWithPeers = daemonAmongPeers(size);
      }
      return Measured.of(new Samples(millis));
    }

    /**
     * The real daemon joins the watching agents: its RSS once they all list it ALIVE (and so it
     * has heard from them all); then kill -9 for one more detection sample.
     */
    private Measured<Double> daemonAmongPeers(int size) {
      progress.accept("virtual LAN: echomesh agent among " + size + ", RSS");
      LanAgent daemon = LanAgent.startDaemon(lan.host(SUBJECT_HOST), launch, lan.directory(), credentials.meshKey());
      hostOf.put(daemon.nodeId(), daemon.host().name() + " (echomesh agent)");
      try {
        awaitAll(daemon.nodeId(), ALIVE, 0, START_TIMEOUT, "list the echomesh agent ALIVE");
        settle();
        double rss = daemon.rssMedianMiB();
        killAndDetect(daemon);
        return Measured.of(rss);
      } catch (BenchException e) {
        return Measured.missing(e.getMessage());
      } finally {
        if (daemon.isAlive()) {
          daemon.kill9();
        }
      }
    }

    /** One new agent: time until every observer lists it ALIVE; then kill -9 and time DEAD. */
    private double trial() {
      LanAgent subject = LanAgent.start(lan.host(SUBJECT_HOST), launch, meshKeyFile, AGENT_LIFETIME);
      try {
        ProbeLog.Event starting = subject.awaitStarted(START_TIMEOUT);
        hostOf.put(subject.nodeId(), subject.host().name() + " (new agent)");
        long aliveEverywhere = awaitAll(subject.nodeId(), ALIVE, 0, DISCOVERY_TIMEOUT, "list the new agent ALIVE");
        killAndDetect(subject);
        return aliveEverywhere - starting.millis();
      } finally {
        if (subject.isAlive()) {
          subject.kill9();
        }
      }
    }

    private void killAndDetect(LanAgent subject) {
      String id = subject.nodeId();
      long kill = subject.kill9();
      killedAt.put(id, kill);
      try {
        detections.add((double) (awaitAll(id, DEAD, kill, DETECTION_TIMEOUT, "list the killed agent DEAD") - kill));
      } catch (BenchException e) {
        detectionFailure = e.getMessage();
      }
    }

    /** The latest time an observer first listed {@code id} in {@code state} at or after {@code since}. */
    private long awaitAll(String id, String state, long since, Duration timeout, String what) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long latest = 0;
        int missing = 0;
        for (LanAgent observer : observers) {
          Optional<Long> at = observer.firstState(id, state, since);
          if (at.isEmpty()) {
            missing++;
          } else {
            latest = Math.max(latest, at.get());
          }
        }
        if (missing == 0) {
          return latest;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new BenchException(missing + " of " + observers.size() + " agents did not " + what + " within "
              + timeout.toSeconds() + " s");
        }
        pause();
      }
    }

    /** DEAD listings of agents that were alive at the time, over the whole run. */
    Measured<Long> falseDead() {
      if (observerFailure != null || observers.isEmpty()) {
        return Measured.missing(observerFailure != null ? observerFailure : "no agents ran");
      }
      long count = 0;
      for (LanAgent observer : observers) {
        for (ProbeLog.Event event : observer.log().events()) {
          if (event.kind().equals("peer") && event.word(1).equals(DEAD)) {
            Long killed = killedAt.get(event.word(0));
            if (killed == null || event.millis() < killed) {
              count++;
              falseDeadEvents.add(observer.host().name() + " listed " + hostOf.getOrDefault(event.word(0), event.word(0))
                  + " DEAD at " + event.millis() + (duringSetup(event.millis()) ? " while agents were starting" : ""));
            }
          }
        }
      }
      return Measured.of(count);
    }

    private boolean duringSetup(long millis) {
      return setupWindows.stream().anyMatch(window -> millis >= window[0] && millis <= window[1]);
    }

    private void settle() {
      try {
        Thread.sleep(plan.rssSettle().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
    }

    private void pause() {
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
    }
  }

  private static final Duration POLL = Duration.ofMillis(20);
}
