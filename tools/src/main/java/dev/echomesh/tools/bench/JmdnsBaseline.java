package dev.echomesh.tools.bench;

import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The discovery baseline: jmdns alone, one host announcing a service and another browsing,
 * timed from {@code registerService} to the browser's first {@code serviceResolved}.
 */
final class JmdnsBaseline {

  static final String SERVICE_TYPE = "_echomesh._tcp.local.";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LIFETIME = Duration.ofMinutes(5);

  private JmdnsBaseline() {}

  /**
   * @return one time per trial, in milliseconds
   * @throws BenchException when a probe does not start or a service is not resolved in time
   */
  static Samples measure(VirtualHost announcerHost, VirtualHost browserHost, LauncherFlags.Launch launch, int trials) {
    HostProcess browser =
        browserHost.start(probe(launch, "browse", browserHost.ip().getHostAddress(), SERVICE_TYPE, seconds(LIFETIME)));
    try {
      ProbeLog browserLog = new ProbeLog(browser.stdoutFile());
      if (browserLog.await(e -> e.kind().equals("ready"), READY_TIMEOUT, () -> !browser.isAlive()).isEmpty()) {
        throw new BenchException("the jmdns browser did not start within " + READY_TIMEOUT.toSeconds() + " s: "
            + LanAgent.tail(browser.stderr()));
      }
      List<Double> millis = new ArrayList<>();
      for (int trial = 1; trial <= trials; trial++) {
        String name = "bench-jmdns-" + trial;
        HostProcess announcer =
            announcerHost.start(
                probe(launch, "announce", announcerHost.ip().getHostAddress(), SERVICE_TYPE, name, seconds(LIFETIME)));
        try {
          Optional<ProbeLog.Event> registering =
              new ProbeLog(announcer.stdoutFile())
                  .await(e -> e.kind().equals("registering"), READY_TIMEOUT, () -> !announcer.isAlive());
          if (registering.isEmpty()) {
            throw new BenchException("the jmdns announcer did not start: " + LanAgent.tail(announcer.stderr()));
          }
          Optional<ProbeLog.Event> resolved =
              browserLog.await(e -> e.kind().equals("resolved") && e.word(0).equals(name), RESOLVE_TIMEOUT);
          if (resolved.isEmpty()) {
            throw new BenchException("jmdns did not resolve " + name + " within " + RESOLVE_TIMEOUT.toSeconds() + " s");
          }
          millis.add((double) (resolved.get().millis() - registering.get().millis()));
        } finally {
          announcer.kill9();
        }
      }
      return new Samples(millis);
    } finally {
      browser.kill9();
    }
  }

  private static List<String> probe(LauncherFlags.Launch launch, String... args) {
    return ProbeCommands.java(launch, JmdnsProbeMain.class, args);
  }

  private static String seconds(Duration duration) {
    return Long.toString(duration.toSeconds());
  }
}
