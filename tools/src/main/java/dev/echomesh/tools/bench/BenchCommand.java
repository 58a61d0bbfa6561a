package dev.echomesh.tools.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code echomesh bench}: measures echomesh beside gRPC-java and the machine's floors in one
 * run and prints one table; {@code --json FILE} also writes every figure.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures echomesh beside gRPC-java and the machine's floor.",
      "",
      "Task calls against gRPC-java and blocking TLS/TCP ping-pong, liveness pings against a"
          + " plain UDP ping-pong (all on loopback), discovery and failure detection on a private"
          + " virtual LAN of network namespaces (nothing reaches a real interface), and an agent"
          + " process's memory and start-up; prints the ratios echomesh / baseline.",
      "The cli part times `echomesh status`, a remote echo from `curl --unix-socket` and from"
          + " `echomesh call` (process start to exit, through the launcher), and what the external"
          + " Python example (examples/python/handler.py) adds to a call, against two agents on"
          + " loopback.",
      "The files part moves a 1 GiB file and 10,000 files of 10 KiB (256 MiB and 2,000 with --quick) between"
          + " two hosts of the virtual LAN with `echomesh send`, with OpenSSH's scp (as root only: sshd cannot run"
          + " in a user namespace made without root) and, for the big file, over one TLS stream; it also reads"
          + " the agents' RSS during the big transfer and what a resume after kill -9 of the receiver sends twice.",
      "The memory part (only with --parts memory, about 2 minutes) reads two agents' RSS when idle,"
          + " right after rounds of concurrent 16 MiB echo calls between them, and 30 s and 60 s later.",
      "The soak part (only with --parts soak) runs 16 agents on the virtual LAN calling each other"
          + " for --soak-minutes while one is killed with SIGKILL and restarted, and another cut off for"
          + " 5 s, every minute; it counts calls left without a status, duplicated runs of keyed calls,"
          + " false DEADs, and measures fail-over time and RSS growth.",
      "A full run takes over 10 minutes, --quick a few (its files part about 2 on two busy cores);"
          + " memory and soak run only when named."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "Shorter phases, one trial per LAN size, smaller files.")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure to FILE as JSON.")
  Path json;

  @Option(
      names = "--no-lan",
      description = "Skip the virtual-LAN, footprint and files parts (their figures are null with a reason).")
  boolean noLan;

  @Option(
      names = "--parts",
      split = ",",
      paramLabel = "PART",
      description =
          "Parts to run, comma-separated: calls, udp, lan, cli, files, memory, soak (default: calls, udp,"
              + " lan, cli, files; memory and soak run only when named).")
  List<String> parts = List.of("calls", "udp", "lan", "cli", "files");

  @Option(
      names = "--soak-minutes",
      paramLabel = "N",
      description = "Minutes of calls in the soak part, 1 to " + MAX_SOAK_MINUTES + " (default: "
          + Bench.DEFAULT_SOAK_MINUTES + ").")
  int soakMinutes = Bench.DEFAULT_SOAK_MINUTES;

  /** The longest soak {@code --soak-minutes} accepts: agents stop by themselves some minutes after. */
  static final int MAX_SOAK_MINUTES = 120;

  @Spec CommandSpec spec;

  /**
   * The benchmark's own libraries (the gRPC baseline, HdrHistogram), beside {@code echomesh.jar}
   * and kept out of it so that agents do not carry them; the launcher adds this jar for
   * {@code echomesh bench} alone.
   */
  static final String LIBRARIES_JAR = "echomesh-bench-libs.jar";
  /** One class of each library in {@link #LIBRARIES_JAR}, to tell whether it is on the classpath. */
  private static final List<String> LIBRARY_CLASSES = List.of("io.grpc.Server", "org.HdrHistogram.Histogram");
  private static final int EXIT_NO_LIBRARIES = 1;

  @Override
  public Integer call() throws Exception {
    Optional<String> missing = missingLibrary(BenchCommand.class.getClassLoader());
    if (missing.isPresent()) {
      System.err.println("echomesh bench: " + missing.get() + " is not on the classpath: run it as `./echomesh bench`,"
          + " which adds tools/target/" + LIBRARIES_JAR + " (built beside echomesh.jar)");
      return EXIT_NO_LIBRARIES;
    }
    if (soakMinutes < 1 || soakMinutes > MAX_SOAK_MINUTES) {
      throw new ParameterException(spec.commandLine(),
          "--soak-minutes must be 1 to " + MAX_SOAK_MINUTES + ", got " + soakMinutes);
    }
    BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
    Bench bench =
        new Bench(plan, message -> System.err.println("bench: " + message), Clock.systemUTC(), soakMinutes);
    BenchReport report = bench.run(parseParts(), noLan ? "skipped with --no-lan" : null);
    System.out.print(ReportTable.render(report));
    if (json != null) {
      JsonReport.write(report, json);
      System.err.println("bench: wrote " + json);
    }
    return 0;
  }

  /** The first class of the benchmark's libraries that {@code loader} cannot find, if any. */
  static Optional<String> missingLibrary(ClassLoader loader) {
    for (String name : LIBRARY_CLASSES) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private Set<Bench.Part> parseParts() {
    Set<Bench.Part> chosen = EnumSet.noneOf(Bench.Part.class);
    for (String part : parts) {
      try {
        chosen.add(Bench.Part.valueOf(part.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "unknown part '" + part + "': use calls, udp, lan, cli, files, memory or soak");
      }
    }
    return chosen;
  }
}
