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
      "A full run takes under 10 minutes, --quick under 2."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "Shorter phases and one trial per LAN size (under 2 minutes).")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure to FILE as JSON.")
  Path json;

  @Option(
      names = "--no-lan",
      description = "Skip the virtual-LAN and footprint parts (their figures are null with a reason).")
  boolean noLan;

  @Option(
      names = "--parts",
      split = ",",
      paramLabel = "PART",
      description = "Parts to run, comma-separated: calls, udp, lan, cli (default: all).")
  List<String> parts = List.of("calls", "udp", "lan", "cli");

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
    BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
    Bench bench = new Bench(plan, message -> System.err.println("bench: " + message), Clock.systemUTC());
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
        throw new ParameterException(spec.commandLine(), "unknown part '" + part + "': use calls, udp, lan or cli");
      }
    }
    return chosen;
  }
}
