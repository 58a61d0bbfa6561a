package dev.echomesh.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON: every raw figure plus the keys scripts compare versions with
 * ({@code machine}, {@code ratios.*}, {@code discovery.p50Millis}, {@code detection.*},
 * {@code footprint.*}, {@code cli.startP50Millis}, {@code localApi.*}, {@code files.*}, {@code soak.*}). A figure that could not be measured is {@code null} with a string
 * beside it under the same key plus {@code Reason}, e.g. {@code "p50Millis": null,
 * "p50MillisReason": "network namespaces unavailable: ..."}.
 */
final class JsonReport {

  /** Other hosts behind {@code discovery.p50Millis}. */
  static final int DISCOVERY_HEADLINE_OTHERS = 16;
  static final String REASON_SUFFIX = "Reason";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static ObjectNode toJson(BenchReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("machine", machine(report.machine()));
    root.put("mode", report.mode());
    root.put("startedAt", report.startedAt().toString());
    root.put("elapsedSeconds", report.elapsed().toMillis() / 1000.0);

    ObjectNode calls = root.putObject("calls");
    for (ContenderResult contender : report.calls()) {
      calls.set(contender.name(), contender(contender));
    }
    root.set("udp", udp(report.udp()));

    LanResults lan = report.lan();
    ObjectNode discovery = root.putObject("discovery");
    put(discovery, "p50Millis", lan.discoveryAt(DISCOVERY_HEADLINE_OTHERS).map(Samples::p50));
    discovery.put("p50MillisOthers", DISCOVERY_HEADLINE_OTHERS);
    lan.discoveryMillis().forEach((others, samples) -> putSamples(discovery, "others" + others, samples));
    putSamples(discovery, "jmdnsResolve", lan.jmdnsResolveMillis());

    ObjectNode detection = root.putObject("detection");
    put(detection, "p50Millis", lan.detectionMillis().map(Samples::p50));
    putLong(detection, "falseDead", lan.falseDead());
    lan.falseDeadEvents().forEach(detection.putArray("falseDeadEvents")::add);
    putSamples(detection, "trials", lan.detectionMillis());

    FootprintResults footprintResults = report.footprint();
    ObjectNode footprint = root.putObject("footprint");
    put(footprint, "rssIdleMiB", footprintResults.rssIdleMiB());
    put(footprint, "rssWith16PeersMiB", footprintResults.rssWith16PeersMiB());
    put(footprint, "startToAnnounceMillis", footprintResults.startToAnnounceMillis());
    footprintResults.startToAnnounceTrials().forEach(footprint.putArray("startToAnnounceTrialsMillis")::add);
    footprint.put("jvmFlags", footprintResults.jvmFlags());
    ObjectNode largeCalls = footprint.putObject("largeCalls");
    largeCalls.put("payloadBytes", LargeCallMemory.PAYLOAD_BYTES);
    largeCalls.put("concurrentCalls", LargeCallMemory.CONCURRENT_CALLS);
    largeCalls.put("rounds", LargeCallMemory.ROUNDS);
    putRss(largeCalls, "client", report.largeCalls().client());
    putRss(largeCalls, "server", report.largeCalls().server());

    CliResults cliResults = report.cli();
    ObjectNode cli = root.putObject("cli");
    put(cli, "startP50Millis", cliResults.startMillis().map(Samples::p50));
    put(cli, "startWithoutArchiveP50Millis", cliResults.startWithoutArchiveMillis().map(Samples::p50));
    putSamples(cli, "start", cliResults.startMillis());
    putSamples(cli, "startWithoutArchive", cliResults.startWithoutArchiveMillis());
    ObjectNode localApi = root.putObject("localApi");
    put(localApi, "curlCallP50Millis", cliResults.curlCallMillis().map(Samples::p50));
    put(localApi, "cliCallP50Millis", cliResults.cliCallMillis().map(Samples::p50));
    put(localApi, "externalHandlerAddedMicrosP50", cliResults.externalHandlerAddedMicrosP50());
    put(localApi, "inProcessCallMicrosP50", cliResults.inProcessCallMicrosP50());
    put(localApi, "externalCallMicrosP50", cliResults.externalCallMicrosP50());
    putSamples(localApi, "curlCall", cliResults.curlCallMillis());
    putSamples(localApi, "cliCall", cliResults.cliCallMillis());

    root.set("files", files(report.files()));
    root.set("soak", soak(report.soak()));

    Map<String, Measured<Double>> ratioFigures = Ratios.of(report);
    ObjectNode ratios = root.putObject("ratios");
    ratioFigures.forEach((key, figure) -> put(ratios, key, figure));

    ObjectNode targets = root.putObject("targets");
    for (Target target : Target.evaluate(report, ratioFigures)) {
      ObjectNode node = targets.putObject(target.key());
      node.put("goal", target.goal());
      put(node, "value", target.figure());
      if (target.met() == null) {
        node.putNull("met");
      } else {
        node.put("met", target.met());
      }
    }
    return root;
  }

  static void write(BenchReport report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), toJson(report));
  }

  private static void putRss(ObjectNode parent, String key, Measured<LargeCallMemory.Rss> figure) {
    if (!present(parent, key, figure)) {
      return;
    }
    LargeCallMemory.Rss rss = figure.value();
    ObjectNode node = parent.putObject(key);
    node.put("idleMiB", rss.idleMiB());
    node.put("afterMiB", rss.afterMiB());
    node.put("after" + LargeCallMemory.FIRST_LOOK.toSeconds() + "sMiB", rss.firstLookMiB());
    node.put("after" + LargeCallMemory.SECOND_LOOK.toSeconds() + "sMiB", rss.secondLookMiB());
  }

  private static ObjectNode soak(SoakResults soak) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("minutes", soak.minutes());
    putLong(node, "calls", soak.calls());
    putLong(node, "hung", soak.hung());
    putLong(node, "duplicateRuns", soak.duplicateRuns());
    putLong(node, "falseDead", soak.falseDead());
    put(node, "failoverP99Millis", soak.failoverP99Millis());
    node.put("failoverCalls", soak.failoverCalls());
    put(node, "cutFailoverP99Millis", soak.cutFailoverP99Millis());
    node.put("cutFailoverCalls", soak.cutFailoverCalls());
    node.put("rerunsAfterKill", soak.rerunsAfterKill());
    put(node, "rssFirstMinuteMiB", soak.rssFirstMinuteMiB());
    put(node, "rssLastMinuteMiB", soak.rssLastMinuteMiB());
    put(node, "rssGrowthPercent", soak.rssGrowthPercent());
    ObjectNode statuses = node.putObject("statuses");
    soak.statuses().forEach(statuses::put);
    soak.incidents().forEach(node.putArray("incidents")::add);
    return node;
  }

  private static ObjectNode machine(Machine machine) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("cores", machine.cores());
    node.put("cpuModel", machine.cpuModel());
    node.put("jdk", machine.jdk());
    node.put("vm", machine.vm());
    node.put("os", machine.os());
    node.put("loadAverage", machine.loadAverage());
    put(node, "threadHandoffAtStartMicros", machine.handoffAtStartMicros());
    put(node, "threadHandoffAtEndMicros", machine.handoffAtEndMicros());
    machine.jvmArguments().forEach(node.putArray("jvmArguments")::add);
    return node;
  }

  private static ObjectNode contender(ContenderResult contender) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("transport", contender.transport());
    node.put("pipelined", contender.pipelined());
    ObjectNode payloads = node.putObject("payloads");
    for (Map.Entry<Integer, Measured<LatencyResult>> entry : contender.latency().entrySet()) {
      ObjectNode payload = payloads.putObject(String.valueOf(entry.getKey()));
      putLatency(payload, "latency", entry.getValue());
      ObjectNode throughput = payload.putObject("throughput");
      Map<Integer, Measured<ThroughputResult>> levels = contender.throughput().getOrDefault(entry.getKey(), Map.of());
      levels.forEach((inFlight, figure) -> putThroughput(throughput, String.valueOf(inFlight), figure));
    }
    return node;
  }

  private static ObjectNode files(FilesResults files) {
    ObjectNode node = MAPPER.createObjectNode();
    put(node, "bigThroughputVsScp", files.bigThroughputVsScp());
    put(node, "bigThroughputVsTlsFloor", files.bigThroughputVsTlsFloor());
    put(node, "smallFilesVsScp", files.smallFilesVsScp());
    put(node, "rssAboveIdleMiB", files.rssAboveIdleMiB());
    put(node, "resumeResentMiB", files.resumeResentMiB());
    node.put("bigFileMiB", files.bigFileMiB());
    node.put("smallFiles", files.smallFiles());
    node.put("smallFileBytes", files.smallFileBytes());
    ObjectNode big = node.putObject("bigMiBPerSecond");
    put(big, BenchReport.ECHOMESH, files.echomeshBigMiBPerSecond());
    put(big, "scp", files.scpBigMiBPerSecond());
    put(big, BenchReport.TLS_FLOOR, files.tlsFloorBigMiBPerSecond());
    ObjectNode small = node.putObject("smallFilesPerSecond");
    put(small, BenchReport.ECHOMESH, files.echomeshSmallFilesPerSecond());
    put(small, "scp", files.scpSmallFilesPerSecond());
    put(node, "rssIdleMiB", files.rssIdleMiB());
    put(node, "rssAfterAboveIdleMiB", files.rssAfterAboveIdleMiB());
    put(node, "rssAfterSeconds", files.rssAfterSeconds());
    put(node, "resumeKilledAtMiB", files.resumeKilledAtMiB());
    node.put("transports", files.transports());
    return node;
  }

  private static ObjectNode udp(UdpResults udp) {
    ObjectNode node = MAPPER.createObjectNode();
    putLatency(node, "echomesh", udp.echomesh());
    putLatency(node, "javaUdp", udp.javaUdp());
    putLatency(node, "echomeshPaced", udp.echomeshPaced());
    putLatency(node, "javaUdpPaced", udp.javaUdpPaced());
    node.put("pacedIntervalMillis", UdpSuite.PING_INTERVAL.toMillis());
    node.put("javaUdpPayloadBytes", udp.javaUdpPayloadBytes());
    node.put("echomeshSource", udp.echomeshSource());
    return node;
  }

  private static void putLatency(ObjectNode parent, String key, Measured<LatencyResult> figure) {
    if (!present(parent, key, figure)) {
      return;
    }
    LatencyResult latency = figure.value();
    ObjectNode node = parent.putObject(key);
    node.put("samples", latency.samples());
    node.put("p50Micros", latency.p50Micros());
    node.put("p99Micros", latency.p99Micros());
    node.put("p999Micros", latency.p999Micros());
    node.put("meanMicros", latency.meanMicros());
    node.put("maxMicros", latency.maxMicros());
  }

  private static void putThroughput(ObjectNode parent, String key, Measured<ThroughputResult> figure) {
    if (!present(parent, key, figure)) {
      return;
    }
    ThroughputResult throughput = figure.value();
    ObjectNode node = parent.putObject(key);
    node.put("inFlight", throughput.inFlight());
    node.put("calls", throughput.calls());
    node.put("seconds", throughput.seconds());
    node.put("callsPerSecond", throughput.callsPerSecond());
  }

  private static void putSamples(ObjectNode parent, String key, Measured<Samples> figure) {
    if (!present(parent, key, figure)) {
      return;
    }
    Samples samples = figure.value();
    ObjectNode node = parent.putObject(key);
    node.put("p50Millis", samples.p50());
    node.put("minMillis", samples.min());
    node.put("maxMillis", samples.max());
    List<Double> values = samples.values();
    values.forEach(node.putArray("millis")::add);
  }

  private static void put(ObjectNode parent, String key, Measured<Double> figure) {
    if (present(parent, key, figure)) {
      parent.put(key, figure.value());
    }
  }

  private static void putLong(ObjectNode parent, String key, Measured<Long> figure) {
    if (present(parent, key, figure)) {
      parent.put(key, figure.value());
    }
  }

  /** Writes null plus the reason when the figure is missing; true when the caller should write it. */
  private static boolean present(ObjectNode parent, String key, Measured<?> figure) {
    if (figure.present()) {
      return true;
    }
    parent.putNull(key);
    parent.put(key + REASON_SUFFIX, figure.reason().orElseThrow());
    return false;
  }
}
