package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The start-up of the real daemon, {@code echomesh agent}, on a virtual-LAN host with no peers:
 * a raw UDP receiver on another host notes the first datagram reaching the liveness port, timed
 * from the moment the daemon's process was spawned; after the first start-up has settled, its
 * resident set is the idle footprint (the median of {@value ProcessRss#READINGS} readings).
 */
final class AgentStartup {

  /**
   * @param startToFirstPingMillis p50 over the trials of spawn to first datagram on the wire
   * @param trialsMillis each trial's time, in order
   * @param rssIdleMiB VmRSS of the first trial's daemon after settling: the median of {@value
   *     ProcessRss#READINGS} readings {@link ProcessRss#READING_INTERVAL} apart
   */
  record Result(Measured<Double> startToFirstPingMillis, List<Double> trialsMillis, Measured<Double> rssIdleMiB) {}

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FIRST_PING_TIMEOUT = Duration.ofSeconds(30);

  private final VirtualLan lan;
  private final VirtualHost agentHost;
  private final VirtualHost receiverHost;
  private final LauncherFlags.Launch launch;
  private final MeshKey meshKey;
  private final Duration settle;

  AgentStartup(
      VirtualLan lan, VirtualHost agentHost, VirtualHost receiverHost, LauncherFlags.Launch launch, MeshKey meshKey,
      Duration settle) {
    this.lan = lan;
    this.agentHost = agentHost;
    this.receiverHost = receiverHost;
    this.launch = launch;
    this.meshKey = meshKey;
    this.settle = settle;
  }

  /** Starts the daemon {@code trials} times (at least once). */
  Result measure(int trials) {
    List<Double> firstPings = new ArrayList<>();
    Measured<Double> rss = Measured.missing("no agent started");
    try {
      for (int trial = 1; trial <= Math.max(1, trials); trial++) {
        Measured<Double> trialRss = trial(firstPings, trial == 1);
        if (trial == 1) {
          rss = trialRss;
        }
      }
    } catch (BenchException e) {
      Measured<Double> failed = Measured.missing(e.getMessage());
      return new Result(failed, firstPings, rss.present() ? rss : failed);
    }
    return new Result(Measured.of(new Samples(firstPings).p50()), firstPings, rss);
  }

  /** One start: adds its spawn -> first ping time; its RSS after settling when asked. */
  private Measured<Double> trial(List<Double> firstPings, boolean measureRss) {
    HostProcess receiver =
        receiverHost.start(
            ProbeCommands.java(
                launch, FirstDatagramMain.class, Integer.toString(LivenessConfig.DEFAULT_PORT),
                Long.toString(READY_TIMEOUT.toSeconds())));
    LanAgent agent = null;
    try {
      ProbeLog receiverLog = new ProbeLog(receiver.stdoutFile());
      if (receiverLog.await(e -> e.kind().equals("ready"), READY_TIMEOUT, () -> !receiver.isAlive()).isEmpty()) {
        throw new BenchException("the UDP receiver did not start: " + LanAgent.tail(receiver.stderr()));
      }
      agent = LanAgent.startDaemon(agentHost, launch, lan.directory(), meshKey);
      LanAgent started = agent;
      Optional<ProbeLog.Event> datagram =
          receiverLog.await(
              e -> e.kind().equals("datagram") || e.kind().equals("timeout"), FIRST_PING_TIMEOUT,
              () -> !started.isAlive());
      if (datagram.isEmpty() || !datagram.get().kind().equals("datagram")) {
        throw new BenchException("no datagram reached UDP port " + LivenessConfig.DEFAULT_PORT
            + " of another host within " + FIRST_PING_TIMEOUT.toSeconds() + " s of the agent's start"
            + (agent.isAlive() ? "" : "; echomesh agent exited: " + LanAgent.tail(agent.stderr())));
      }
      firstPings.add((double) (datagram.get().millis() - agent.spawnMillis()));
      if (!measureRss) {
        return Measured.missing("not measured in this trial");
      }
      sleep(settle);
      if (!agent.isAlive()) {
        throw new BenchException("echomesh agent exited: " + LanAgent.tail(agent.stderr()));
      }
      return Measured.of(agent.rssMedianMiB());
    } finally {
      receiver.kill9();
      if (agent != null) {
        agent.kill9();
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }
}
