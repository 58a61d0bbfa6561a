package dev.echomesh.tools.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code echomesh bench}: measures echomesh beside gRPC-java and the machine's floors in one
 * run and prints one table; {@code --json FILE} also writes every figure.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures echomesh beside gRPC-java and the machine's floor (blocking TLS and TCP",
      "ping-pong, plain UDP) in one run, on loopback and on a private virtual LAN of",
      "network namespaces, and prints the ratios echomesh / baseline.",
      "Full run: under 10 minutes; --quick: under 2 minutes. Sends nothing to real interfaces."
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

  @Override
  public Integer call() throws Exception {
    BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
    Bench bench = new Bench(plan, message -> System.err.println("bench: " + message), Clock.systemUTC());
    BenchReport report = bench.run(noLan ? "skipped with --no-lan" : null);
    System.out.print(ReportTable.render(report));
    if (json != null) {
      JsonReport.write(report, json);
      System.err.println("bench: wrote " + json);
    }
    return 0;
  }
}
