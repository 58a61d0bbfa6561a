package dev.echomesh.tools;

import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh demo [--nodes N]}: a mesh on this one machine, to see echomesh work before
 * installing it on a second device. Makes a private virtual LAN (network namespaces inside a user
 * namespace, nothing on the real interfaces), runs N agents of a fresh mesh on it, shows them
 * finding each other and calling each other, then removes everything.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a mesh on a private virtual LAN on this machine.",
      "Makes a virtual LAN of network namespaces (never touching the real network), starts N"
          + " agents of a fresh mesh on it, shows them finding each other (IPs, MACs, round trips),"
          + " calls a task across and a broadcast, then removes everything. Linux only; needs"
          + " user namespaces (or root) and iproute2."
    })
final class DemoCommand implements Callable<Integer> {

  static final int MIN_NODES = 2;
  static final int MAX_NODES = 16;

  @ParentCommand EchomeshCommand root;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      defaultValue = "3",
      description = "How many agents, 2 to 16 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "3m",
      converter = Durations.Converter.class,
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private final Supplier<VirtualLan.Availability> availability;
  private final IntFunction<VirtualLan> lans;

  DemoCommand() {
    this(VirtualLan::availability, VirtualLan::create);
  }

  DemoCommand(Supplier<VirtualLan.Availability> availability, IntFunction<VirtualLan> lans) {
    this.availability = availability;
    this.lans = lans;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (nodes < MIN_NODES || nodes > MAX_NODES) {
      throw CliException.usage(
          "echomesh demo: --nodes must be " + MIN_NODES + " to " + MAX_NODES + ", got " + nodes);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw CliException.usage("echomesh demo: --timeout must be positive, got " + timeout);
    }
    CliContext context = root.context();
    PrintStream out = context.stdout();
    VirtualLan.Availability can = availability.get();
    if (!can.available()) {
      context.stderr().println("echomesh demo: no virtual LAN here (" + can.reason() + "); on a real"
          + " LAN instead: `echomesh init` on one machine, `echomesh join CODE` on the others, then"
          + " `echomesh agent` on each and `echomesh peers`.");
      return ExitCodes.ERROR;
    }
    out.println("Making a private virtual LAN of " + nodes + " hosts (network namespaces, 198.18.0.0/24;"
        + " the real network is not touched) ...");
    VirtualLan lan = lans.apply(nodes);
    Thread cleanup = new Thread(lan::close, "echomesh-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C: still leave nothing behind
    try {
      new Demo(lan, out, timeout).run();
    } finally {
      lan.close();
      removeHook(cleanup);
    }
    out.println("Removed the virtual LAN: no process, namespace or file is left.");
    out.println("On real machines: `echomesh init`, `echomesh join CODE`, `echomesh agent`.");
    return ExitCodes.OK;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs, and closing twice is harmless.
    }
  }
}
