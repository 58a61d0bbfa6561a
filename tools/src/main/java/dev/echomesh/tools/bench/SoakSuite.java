package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The soak ({@code echomesh bench --parts soak}), on a private virtual LAN of {@value #HOSTS}
 * hosts, each running a {@link SoakAgentMain}: every agent calls random peers (plain calls and
 * keyed {@code callAny} calls in turn, see {@link SoakLoad}) for the given minutes, while in every
 * minute host {@value #KILLED_HOST}'s agent is killed with SIGKILL and started again (same node)
 * at {@link #KILL_AT}, and host {@value #CUT_HOST}'s cable is pulled at {@link #CUT_AT} and
 * plugged back {@link #CUT_LENGTH} later. Meanwhile the other agents' RSS is read every {@link
 * #RSS_INTERVAL}. {@link SoakAnalysis} turns what the agents printed into the figures.
 */
final class SoakSuite {

  static final int HOSTS = 16;
  static final int KILLED_HOST = 1;
  static final int CUT_HOST = 2;
  /** Into each minute of calls: when the killed host's agent is killed (and started again). */
  static final Duration KILL_AT = Duration.ofSeconds(10);
  /** Into each minute of calls: when the cut host's cable is pulled. */
  static final Duration CUT_AT = Duration.ofSeconds(40);
  /** How long the cut host stays cut off: well past DEAD (under 2 s), as issue 9's heal test. */
  static final Duration CUT_LENGTH = Duration.ofSeconds(5);
  static final Duration RSS_INTERVAL = Duration.ofSeconds(10);
  /** After its deadline, how long a call may take to end before it counts as hung. */
  static final Duration GRACE = Duration.ofSeconds(2);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  /**
   * Agents started at once: all 16 at once on two busy cores made some fail to bind their link
   * port in time; one at a time took over 10 minutes.
   */
  private static final int START_BATCH = 4;
  /** Generous: on two busy cores an agent's JVM has taken over a minute to start. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(180);
  /** Calls start this long after the agents found each other, so start-up does not count. */
  private static final Duration SETTLE = Duration.ofSeconds(10);
  /**
   * Agents stop by themselves this long after the calls should have ended (a safety net: closing
   * the LAN ends them); room for slow start-ups on a busy machine.
   */
  private static final Duration LIFETIME_MARGIN = Duration.ofMinutes(30);
  private static final int INCIDENTS_KEPT = 20;
  /** Fail-overs from kills, and from cuts, whose attempts the report shows: the slowest. */
  private static final int SLOW_FAILOVERS_KEPT = 5;

  private final int minutes;
  private final BenchCredentials credentials;
  private final Consumer<String> progress;

  SoakSuite(int minutes, BenchCredentials credentials, Consumer<String> progress) {
    if (minutes < 1) {
      throw new IllegalArgumentException("a soak runs for at least 1 minute, got " + minutes);
    }
    this.minutes = minutes;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  SoakResults run() {
    VirtualLan.Availability availability = VirtualLan.availability();
    if (!availability.available()) {
      return SoakResults.skipped("network namespaces unavailable: " + availability.reason());
    }
    LauncherFlags.Launch launch;
    try {
      launch = LauncherFlags.find().orElse(LauncherFlags.Launch.defaults());
    } catch (IllegalStateException e) {
      return SoakResults.skipped(e.getMessage());
    }
    progress.accept("soak: virtual LAN of " + HOSTS + " hosts, " + minutes + " minute(s) of calls");
    try (VirtualLan lan = VirtualLan.create(HOSTS)) {
      return new Run(lan, launch).soak();
    } catch (RuntimeException e) {
      return SoakResults.skipped("the soak failed: " + e.getMessage());
    }
  }

  /** One soak on one LAN. */
  private final class Run {
    final VirtualLan lan;
    final LauncherFlags.Launch launch;
    final Path startFile;
    final Duration lifetime;
    final Map<Integer, Path> dataDirs = new LinkedHashMap<>();
    final Map<Integer, LanAgent> current = new LinkedHashMap<>();
    final List<LanAgent> everyAgent = new ArrayList<>();
    final Map<LanAgent, Long> killedAt = new LinkedHashMap<>();
    final List<SoakAnalysis.Fault> kills = new ArrayList<>();
    final List<SoakAnalysis.Fault> cuts = new ArrayList<>();
    final List<double[]> rss = new ArrayList<>();
    String rssFailure;

    Run(VirtualLan lan, LauncherFlags.Launch launch) {
      this.lan = lan;
      this.launch = launch;
      this.startFile = lan.directory().resolve("soak-start");
      this.lifetime = Duration.ofMinutes(minutes).plus(LIFETIME_MARGIN);
    }

    SoakResults soak() {
      progress.accept("soak: starting " + HOSTS + " agents, " + START_BATCH + " at a time");
      for (VirtualHost host : lan.hosts()) {
        Path dataDir = lan.directory().resolve("soak-" + host.name());
        new IdentityStore(DataDirectory.of(dataDir)).join(credentials.meshKey().joinCode(), false);
        dataDirs.put(host.index(), dataDir);
      }
      List<VirtualHost> hosts = lan.hosts();
      for (int first = 0; first < hosts.size(); first += START_BATCH) {
        List<VirtualHost> batch = hosts.subList(first, Math.min(first + START_BATCH, hosts.size()));
        batch.forEach(this::start);
        batch.forEach(this::awaitStarted);
      }
      LanAgent.awaitConverged(List.copyOf(current.values()), CONVERGE_TIMEOUT);
      long convergedAt = System.currentTimeMillis();
      long from = convergedAt + SETTLE.toMillis();
      long until = from + Duration.ofMinutes(minutes).toMillis();
      writeStartFile(from, until);
      progress.accept("soak: calls from now + " + SETTLE.toSeconds() + " s for " + minutes + " minute(s)");
      drive(from, until);
      sleepUntil(until + SoakAgentMain.CALL_TIMEOUT.plus(GRACE).plus(GRACE).toMillis());
      return results(convergedAt, from, until);
    }

    private LanAgent start(VirtualHost host) {
      LanAgent agent = LanAgent.startSoak(host, launch, dataDirs.get(host.index()), startFile, lifetime);
      current.put(host.index(), agent);
      everyAgent.add(agent);
      return agent;
    }

    /**
     * Waits for the agent on {@code host} to start; one that exited (on a busy machine an agent
     * has failed to bind its link port in time) is started once more.
     */
    private void awaitStarted(VirtualHost host) {
      LanAgent agent = current.get(host.index());
      try {
        agent.awaitStarted(START_TIMEOUT);
      } catch (BenchException e) {
        if (agent.isAlive()) {
          throw e;
        }
        progress.accept("soak: the agent on " + host.name() + " exited while starting; starting it again");
        everyAgent.remove(agent);
        start(host).awaitStarted(START_TIMEOUT);
      }
    }

    private void writeStartFile(long from, long until) {
      Path partial = startFile.resolveSibling(startFile.getFileName() + ".partial");
      try {
        Files.writeString(partial, from + " " + until, StandardCharsets.US_ASCII);
        Files.move(partial, startFile, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new BenchException("cannot write " + startFile + ": " + e, e);
      }
    }

    /** Kills, cuts and RSS readings on their schedule until {@code until}. */
    private void drive(long from, long until) {
      VirtualHost killed = lan.host(KILLED_HOST);
      VirtualHost cut = lan.host(CUT_HOST);
      long nextRss = from;
      for (int minute = 0; minute < minutes; minute++) {
        long minuteStart = from + minute * MINUTE.toMillis();
        long killAt = minuteStart + KILL_AT.toMillis();
        long cutAt = minuteStart + CUT_AT.toMillis();
        long restoreAt = cutAt + CUT_LENGTH.toMillis();
        nextRss = readRssUntil(nextRss, killAt);
        sleepUntil(killAt);
        LanAgent victim = current.get(KILLED_HOST);
        long at = victim.kill9();
        killedAt.put(victim, at);
        kills.add(new SoakAnalysis.Fault(victim.nodeId(), at, at));
        start(killed);
        progress.accept("soak: minute " + (minute + 1) + ": killed and restarted the agent on " + killed.name());
        nextRss = readRssUntil(nextRss, cutAt);
        sleepUntil(cutAt);
        long cutFrom = System.currentTimeMillis();
        lan.cutLink(cut);
        nextRss = readRssUntil(nextRss, restoreAt);
        sleepUntil(restoreAt);
        lan.restoreLink(cut);
        cuts.add(new SoakAnalysis.Fault(current.get(CUT_HOST).nodeId(), cutFrom, System.currentTimeMillis()));
        progress.accept("soak: minute " + (minute + 1) + ": cut " + cut.name() + " off for "
            + CUT_LENGTH.toSeconds() + " s");
      }
      readRssUntil(nextRss, until);
    }

    /** Reads the untouched agents' RSS every {@link #RSS_INTERVAL} before {@code end}; returns the next time. */
    private long readRssUntil(long next, long end) {
      while (next < end) {
        sleepUntil(next);
        if (rssFailure == null) {
          try {
            double sum = 0;
            for (LanAgent agent : untouchedAgents()) {
              sum += agent.rssMiB();
            }
            rss.add(new double[] {System.currentTimeMillis(), sum / untouchedAgents().size()});
          } catch (BenchException e) {
            rssFailure = e.getMessage();
          }
        }
        next += RSS_INTERVAL.toMillis();
      }
      return next;
    }

    private List<LanAgent> untouchedAgents() {
      return current.entrySet().stream()
          .filter(e -> e.getKey() != KILLED_HOST && e.getKey() != CUT_HOST)
          .map(Map.Entry::getValue)
          .toList();
    }

    private SoakResults results(long convergedAt, long from, long until) {
      List<SoakAnalysis.Instance> instances = new ArrayList<>();
      for (LanAgent agent : everyAgent) {
        instances.add(new SoakAnalysis.Instance(agent.host().name(), agent.nodeId(), agent.log().events(),
            killedAt.get(agent)));
      }
      Set<String> untouched = new HashSet<>();
      untouchedAgents().forEach(agent -> untouched.add(agent.nodeId()));
      SoakAnalysis analysis =
          new SoakAnalysis(instances, kills, cuts, untouched, convergedAt, SoakAgentMain.CALL_TIMEOUT, GRACE);
      List<String> hung = analysis.hung();
      List<String> duplicates = analysis.duplicateRuns();
      List<String> falseDead = analysis.falseDead();
      List<String> incidents = new ArrayList<>();
      hung.stream().limit(INCIDENTS_KEPT).forEach(line -> incidents.add("hung: " + line));
      duplicates.stream().limit(INCIDENTS_KEPT).forEach(line -> incidents.add("duplicate run: " + line));
      falseDead.stream().limit(INCIDENTS_KEPT).forEach(line -> incidents.add("false DEAD: " + line));
      analysis.slowFailovers(SLOW_FAILOVERS_KEPT).forEach(line -> incidents.add("slow: " + line));
      List<Double> failovers = analysis.failoverMillis();
      List<Double> cutFailovers = analysis.cutFailoverMillis();
      Measured<Double> first = meanRss(from, from + MINUTE.toMillis());
      Measured<Double> last = meanRss(until - MINUTE.toMillis(), until);
      Measured<Double> growth =
          minutes < 2
              ? Measured.missing("a soak of 1 minute has no last minute apart from its first")
              : first.present() && last.present()
                  ? Measured.of(SoakResults.growthPercent(first.value(), last.value()))
                  : Measured.missing(first.present() ? last.reason().orElseThrow() : first.reason().orElseThrow());
      return new SoakResults(
          minutes,
          Measured.of((long) analysis.calls().size()),
          Measured.of((long) hung.size()),
          Measured.of((long) duplicates.size()),
          Measured.of((long) falseDead.size()),
          failovers.isEmpty()
              ? Measured.missing("no callAny failed over from a killed peer")
              : Measured.of(new Samples(failovers).p99()),
          failovers.size(),
          cutFailovers.isEmpty()
              ? Measured.missing("no callAny failed over from a peer cut off")
              : Measured.of(new Samples(cutFailovers).p99()),
          cutFailovers.size(),
          analysis.rerunsAfterKill(),
          first,
          last,
          growth,
          analysis.statuses(),
          incidents);
    }

    private Measured<Double> meanRss(long fromMillis, long toMillis) {
      if (rssFailure != null) {
        return Measured.missing("RSS: " + rssFailure);
      }
      List<Double> readings =
          rss.stream().filter(r -> r[0] >= fromMillis && r[0] < toMillis).map(r -> r[1]).toList();
      return readings.isEmpty()
          ? Measured.missing("no RSS reading between " + fromMillis + " and " + toMillis)
          : Measured.of(readings.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    private void sleepUntil(long millis) {
      long wait = millis - System.currentTimeMillis();
      if (wait <= 0) {
        return;
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
    }
  }
}
