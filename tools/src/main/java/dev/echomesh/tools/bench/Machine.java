package dev.echomesh.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine a run measured: the figures mean little without it.
 *
 * @param cores processors available to the JVM
 * @param cpuModel CPU model name from /proc/cpuinfo; empty when unknown
 * @param jdk Java runtime name and version
 * @param vm JVM name, vendor and version
 * @param os operating system name, version and architecture
 * @param jvmArguments the benchmark JVM's own flags
 * @param loadAverage one-minute load average at the start; negative when unknown
 * @param handoffAtStartMicros p50 of waking a parked thread, at the start (see {@link HandoffProbe})
 * @param handoffAtEndMicros the same at the end of the run
 */
record Machine(
    int cores, String cpuModel, String jdk, String vm, String os, List<String> jvmArguments,
    double loadAverage, Measured<Double> handoffAtStartMicros, Measured<Double> handoffAtEndMicros) {

  Machine {
    jvmArguments = List.copyOf(jvmArguments);
    Objects.requireNonNull(handoffAtStartMicros, "handoffAtStartMicros");
    Objects.requireNonNull(handoffAtEndMicros, "handoffAtEndMicros");
  }

  /** This machine with the hand-off cost measured at the end of the run. */
  Machine withHandoffAtEnd(Measured<Double> micros) {
    return new Machine(cores, cpuModel, jdk, vm, os, jvmArguments, loadAverage, handoffAtStartMicros, micros);
  }

  /** Describes the machine this JVM runs on. */
  static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        readCpuModel().orElse(""),
        System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ") "
            + System.getProperty("java.vm.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        HandoffProbe.measure(),
        Measured.missing("not measured yet"));
  }

  /** One line for the table's header. */
  String summary() {
    return cores + " cores" + (cpuModel.isEmpty() ? "" : " (" + cpuModel + ")") + ", " + jdk + ", " + os
        + (loadAverage >= 0 ? String.format(", load %.2f", loadAverage) : "")
        + ", thread hand-off p50 " + micros(handoffAtStartMicros) + " at start, " + micros(handoffAtEndMicros)
        + " at end";
  }

  private static String micros(Measured<Double> figure) {
    return figure.present() ? String.format("%.1f us", figure.value()) : "n/a";
  }

  private static Optional<String> readCpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
