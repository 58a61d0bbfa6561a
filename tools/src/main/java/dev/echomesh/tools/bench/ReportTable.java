package dev.echomesh.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report for people: the machine, one table per section, then echomesh's ratios to the
 * baselines and which targets this run met. A missing figure shows as "n/a" and its reason is
 * listed under the tables.
 */
final class ReportTable {

  private static final String NA = "n/a";

  private final BenchReport report;
  private final StringBuilder out = new StringBuilder();
  private final Set<String> reasons = new LinkedHashSet<>();

  private ReportTable(BenchReport report) {
    this.report = report;
  }

  static String render(BenchReport report) {
    return new ReportTable(report).build();
  }

  private String build() {
    line(
        "echomesh bench (%s), %s, %.0f s",
        report.mode(), report.startedAt().toString(), report.elapsed().toMillis() / 1000.0);
    line("machine: %s", report.machine().summary());
    line("");
    for (int size : sizes()) {
      calls(size);
    }
    transports();
    udp();
    lan();
    footprint();
    commandLine();
    files();
    soak();
    ratiosAndTargets();
    if (!reasons.isEmpty()) {
      line("not measured:");
      reasons.forEach(reason -> line("  - %s", reason));
    }
    return out.toString();
  }

  private List<Integer> sizes() {
    Set<Integer> sizes = new LinkedHashSet<>();
    report.calls().forEach(c -> sizes.addAll(c.latency().keySet()));
    return new ArrayList<>(sizes);
  }

  private void calls(int size) {
    List<Integer> levels = inFlightLevels(size);
    line(
        "Task calls over loopback, %s payload: latency with 1 call outstanding (us); throughput in"
            + " calls/s with N in flight on one connection",
        bytes(size));
    StringBuilder header = new StringBuilder(String.format("  %-10s %9s %9s %9s", "", "p50", "p99", "p99.9"));
    levels.forEach(n -> header.append(String.format(" %10s", "@" + n)));
    line("%s", header);
    for (ContenderResult contender : report.calls()) {
      StringBuilder row = new StringBuilder(String.format("  %-10s", contender.name()));
      Measured<LatencyResult> latency = contender.latencyOf(size);
      row.append(cell(latency.map(LatencyResult::p50Micros), 9, "%.1f"));
      row.append(cell(latency.map(LatencyResult::p99Micros), 9, "%.1f"));
      row.append(cell(latency.map(LatencyResult::p999Micros), 9, "%.1f"));
      for (int level : levels) {
        if (!contender.pipelined() && level != 1 && contender.latencyOf(size).present()) {
          row.append(String.format(" %10s", "-"));
        } else {
          row.append(cell(contender.throughputOf(size, level).map(ThroughputResult::callsPerSecond), 10, "%,.0f"));
        }
      }
      line("%s", row);
    }
    line("  (\"-\": blocking ping-pong floors have one call in flight only; measured at @1)");
    line("");
  }

  private List<Integer> inFlightLevels(int size) {
    Set<Integer> levels = new LinkedHashSet<>();
    report.calls().forEach(c -> levels.addAll(c.throughput().getOrDefault(size, Map.of()).keySet()));
    List<Integer> sorted = new ArrayList<>(levels);
    sorted.sort(Integer::compare);
    return sorted;
  }

  private void transports() {
    line("Transports:");
    report.calls().forEach(c -> line("  %-10s %s", c.name(), c.transport()));
    line("");
  }

  private void udp() {
    UdpResults udp = report.udp();
    line("UDP round trip (us)            p50       p99     p99.9   samples");
    udpRow("echomesh, back to back", udp.echomesh());
    udpRow("javaUdp, back to back", udp.javaUdp());
    udpRow("echomesh, 1 per " + UdpSuite.PING_INTERVAL.toMillis() + " ms", udp.echomeshPaced());
    udpRow("javaUdp, 1 per " + UdpSuite.PING_INTERVAL.toMillis() + " ms", udp.javaUdpPaced());
    line("  echomesh: %s", udp.echomeshSource());
    line("  javaUdp: DatagramSocket ping-pong, %d B datagrams (about a ping's size)", udp.javaUdpPayloadBytes());
    line("");
  }

  private void udpRow(String name, Measured<LatencyResult> figure) {
    line(
        "  %-26s%s%s%s%s",
        name,
        cell(figure.map(LatencyResult::p50Micros), 9, "%.1f"),
        cell(figure.map(LatencyResult::p99Micros), 9, "%.1f"),
        cell(figure.map(LatencyResult::p999Micros), 9, "%.1f"),
        cell(figure.map(r -> (double) r.samples()), 9, "%.0f"));
  }

  private void lan() {
    LanResults lan = report.lan();
    line("Virtual LAN (ms)                     p50       min       max    trials");
    lan.discoveryMillis().forEach((others, samples) -> samplesRow("start -> ALIVE at " + others + " others", samples));
    samplesRow("jmdns announce -> resolved", lan.jmdnsResolveMillis());
    samplesRow("kill -9 -> DEAD everywhere", lan.detectionMillis());
    line("  false DEAD in the run: %s", lan.falseDead().present() ? lan.falseDead().value() : na(lan.falseDead()));
    lan.falseDeadEvents().forEach(event -> line("    %s", event));
    line("");
  }

  private void samplesRow(String name, Measured<Samples> figure) {
    line(
        "  %-30s%s%s%s%s",
        name,
        cell(figure.map(Samples::p50), 9, "%.0f"),
        cell(figure.map(Samples::min), 9, "%.0f"),
        cell(figure.map(Samples::max), 9, "%.0f"),
        cell(figure.map(s -> (double) s.values().size()), 9, "%.0f"));
  }

  private void footprint() {
    FootprintResults footprint = report.footprint();
    line("Agent process");
    line("  RSS idle (MiB)                %s", cell(footprint.rssIdleMiB(), 9, "%.1f"));
    line("  RSS with 16 peers (MiB)       %s", cell(footprint.rssWith16PeersMiB(), 9, "%.1f"));
    line("  start -> first ping (ms)      %s", cell(footprint.startToAnnounceMillis(), 9, "%.0f"));
    line("  RSS around %d x %d concurrent %d MiB calls (MiB): idle, right after, %d s and %d s later",
        LargeCallMemory.ROUNDS, LargeCallMemory.CONCURRENT_CALLS, LargeCallMemory.PAYLOAD_BYTES / (1024 * 1024),
        LargeCallMemory.FIRST_LOOK.toSeconds(), LargeCallMemory.SECOND_LOOK.toSeconds());
    rssRow("calling agent", report.largeCalls().client());
    rssRow("called agent", report.largeCalls().server());
    if (!footprint.jvmFlags().isEmpty()) {
      line("  launched with: %s", footprint.jvmFlags());
    }
    line("");
  }

  private void rssRow(String name, Measured<LargeCallMemory.Rss> figure) {
    line("    %-26s%s%s%s%s", name, cell(figure.map(LargeCallMemory.Rss::idleMiB), 9, "%.1f"),
        cell(figure.map(LargeCallMemory.Rss::afterMiB), 9, "%.1f"),
        cell(figure.map(LargeCallMemory.Rss::firstLookMiB), 9, "%.1f"),
        cell(figure.map(LargeCallMemory.Rss::secondLookMiB), 9, "%.1f"));
  }

  private void commandLine() {
    CliResults cli = report.cli();
    line("Command line and local API (spawn to exit, p50)");
    line("  echomesh status (ms)          %s", cell(cli.startMillis().map(Samples::p50), 9, "%.0f"));
    line("  same, no CDS archive (ms)     %s", cell(cli.startWithoutArchiveMillis().map(Samples::p50), 9, "%.0f"));
    line("  curl: remote echo (ms)        %s", cell(cli.curlCallMillis().map(Samples::p50), 9, "%.1f"));
    line("  echomesh call: same (ms)      %s", cell(cli.cliCallMillis().map(Samples::p50), 9, "%.0f"));
    line("  call, in-process task (us)    %s", cell(cli.inProcessCallMicrosP50(), 9, "%.0f"));
    line("  call, Python handler (us)     %s", cell(cli.externalCallMicrosP50(), 9, "%.0f"));
    line("");
  }

  private void files() {
    FilesResults files = report.files();
    line("Files between two hosts of the virtual LAN     echomesh       scp  TLS floor");
    line(
        "  %.0f MiB file (MiB/s)           %s%s%s",
        files.bigFileMiB(),
        cell(files.echomeshBigMiBPerSecond(), 15, "%.1f"),
        cell(files.scpBigMiBPerSecond(), 9, "%.1f"),
        cell(files.tlsFloorBigMiBPerSecond(), 10, "%.1f"));
    line(
        "  %,d x %d KiB (files/s)     %s%s%s",
        files.smallFiles(),
        files.smallFileBytes() / 1024,
        cell(files.echomeshSmallFilesPerSecond(), 15, "%.0f"),
        cell(files.scpSmallFilesPerSecond(), 9, "%.0f"),
        String.format(" %10s", "-"));
    line("  agents' RSS idle (MiB)                  %s", cell(files.rssIdleMiB(), 9, "%.1f"));
    line("  RSS above idle, big file (MiB)          %s", cell(files.rssAboveIdleMiB(), 9, "%.1f"));
    line(
        "  RSS above idle %s s later (MiB)         %s",
        files.rssAfterSeconds().present() ? String.format(Locale.ROOT, "%.0f", files.rssAfterSeconds().value()) : "?",
        cell(files.rssAfterAboveIdleMiB(), 9, "%.1f"));
    line("  resume after kill -9: re-sent (MiB)     %s", cell(files.resumeResentMiB(), 9, "%.1f"));
    if (!files.transports().isEmpty()) {
      line("  %s", files.transports());
    }
    line("");
  }

  private void soak() {
    SoakResults soak = report.soak();
    if (!soak.calls().present()) {
      line("Soak: %s", na(soak.calls()));
      line("");
      return;
    }
    line("Soak: %.0f minute(s), %d agents, one killed and restarted and one cut off for %d s every minute",
        soak.minutes(), SoakSuite.HOSTS, SoakSuite.CUT_LENGTH.toSeconds());
    line("  calls                         %s", cell(soak.calls().map(Long::doubleValue), 9, "%.0f"));
    line("  hung (no status in time)      %s", cell(soak.hung().map(Long::doubleValue), 9, "%.0f"));
    line("  duplicated runs               %s", cell(soak.duplicateRuns().map(Long::doubleValue), 9, "%.0f"));
    line("  false DEAD                    %s", cell(soak.falseDead().map(Long::doubleValue), 9, "%.0f"));
    line("  fail-over from killed, p99 ms %s   (%d calls)", cell(soak.failoverP99Millis(), 9, "%.0f"),
        soak.failoverCalls());
    line("  fail-over from cut, p99 ms    %s   (%d calls)", cell(soak.cutFailoverP99Millis(), 9, "%.0f"),
        soak.cutFailoverCalls());
    line("  runs cut by a kill, rerun     %9d", soak.rerunsAfterKill());
    line("  RSS first / last minute (MiB) %s %s", cell(soak.rssFirstMinuteMiB(), 9, "%.1f"),
        cell(soak.rssLastMinuteMiB(), 9, "%.1f"));
    line("  RSS growth (%%)                %s", cell(soak.rssGrowthPercent(), 9, "%.1f"));
    soak.statuses().forEach((status, count) -> line("    %-26s %9d", status, count));
    soak.incidents().forEach(incident -> line("    %s", incident));
    line("");
  }

  private void ratiosAndTargets() {
    Map<String, Measured<Double>> ratios = Ratios.of(report);
    line("Targets (ratios are echomesh / baseline, from this run)");
    for (Target target : Target.evaluate(report, ratios)) {
      String verdict = target.met() == null ? "not measured" : target.met() ? "met" : "MISSED";
      line("  %-34s %s   target %-7s %s", target.key(), cell(target.figure(), 10, "%.2f"), target.goal(), verdict);
    }
    line("");
  }

  private String cell(Measured<Double> figure, int width, String format) {
    String text = figure.present() ? String.format(Locale.ROOT, format, figure.value()) : na(figure);
    return String.format(" %" + width + "s", text);
  }

  private String na(Measured<?> figure) {
    figure.reason().ifPresent(reasons::add);
    return NA;
  }

  private static String bytes(int size) {
    return size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
  }

  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
