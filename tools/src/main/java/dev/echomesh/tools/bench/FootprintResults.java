package dev.echomesh.tools.bench;

import java.util.List;
import java.util.Objects;

/**
 * What an agent process costs.
 *
 * @param rssIdleMiB resident set (VmRSS) of an agent process with no peers, started as the
 *     launcher starts {@code echomesh agent} (its environment and JVM flags), after it settled: the
 *     median of {@value ProcessRss#READINGS} readings {@link ProcessRss#READING_INTERVAL} apart
 * @param rssWith16PeersMiB the same with 16 peers on the virtual LAN
 * @param startToAnnounceMillis from process spawn until its first datagram is on the wire (p50
 *     of the trials)
 * @param startToAnnounceTrials each trial's time from spawn to first datagram, in order
 * @param jvmFlags how the agent processes were launched: the launcher's environment variables
 *     ({@code NAME=VALUE}) and JVM flags, space-separated
 */
record FootprintResults(
    Measured<Double> rssIdleMiB,
    Measured<Double> rssWith16PeersMiB,
    Measured<Double> startToAnnounceMillis,
    List<Double> startToAnnounceTrials,
    String jvmFlags) {

  FootprintResults {
    Objects.requireNonNull(rssIdleMiB, "rssIdleMiB");
    Objects.requireNonNull(rssWith16PeersMiB, "rssWith16PeersMiB");
    Objects.requireNonNull(startToAnnounceMillis, "startToAnnounceMillis");
    startToAnnounceTrials = List.copyOf(startToAnnounceTrials);
    Objects.requireNonNull(jvmFlags, "jvmFlags");
  }

  static FootprintResults skipped(String reason) {
    return new FootprintResults(
        Measured.missing(reason), Measured.missing(reason), Measured.missing(reason), List.of(), "");
  }
}
