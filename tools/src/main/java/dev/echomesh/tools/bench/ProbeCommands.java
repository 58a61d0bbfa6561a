package dev.echomesh.tools.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Command lines of the benchmark's probe processes (agents, jmdns, UDP receiver) on LAN hosts. */
final class ProbeCommands {

  private ProbeCommands() {}

  /**
   * {@code env NAME=VALUE... java OPTIONS -cp THIS_CLASSPATH MAIN ARGS}, with this JVM's java and
   * the launcher's environment and options ({@code env} only when there is an environment).
   */
  static List<String> java(LauncherFlags.Launch launch, Class<?> mainClass, String... args) {
    List<String> argv = new ArrayList<>();
    if (!launch.environment().isEmpty()) {
      argv.add("env");
      launch.environment().forEach((name, value) -> argv.add(name + "=" + value));
    }
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(launch.jvmOptions());
    argv.add("-cp");
    argv.add(classpath());
    argv.add(mainClass.getName());
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * This JVM's classpath with absolute entries (probes run in another working directory): the
   * echomesh jar when run from it, else the (test) classpath; without {@value
   * BenchCommand#LIBRARIES_JAR}, which no probe needs and no user's agent has (an agent that
   * opens one more jar keeps its central directory on the heap: the figures would be off).
   */
  static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !Path.of(entry).getFileName().toString().equals(BenchCommand.LIBRARIES_JAR))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
