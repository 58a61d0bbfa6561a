package dev.echomesh.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 */
record Machine(
    int cores, String cpuModel, String jdk, String vm, String os, List<String> jvmArguments,
    double loadAverage) {

  Machine {
    jvmArguments = List.copyOf(jvmArguments);
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
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** One line for the table's header. */
  String summary() {
    return cores + " cores" + (cpuModel.isEmpty() ? "" : " (" + cpuModel + ")") + ", " + jdk + ", " + os
        + (loadAverage >= 0 ? String.format(", load %.2f", loadAverage) : "");
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
