package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.PingOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh ping PEER [-c N] [--interval D]}: UDP pings to a peer through the local agent,
 * each answered by the peer's liveness socket, with a summary like ping(8)'s. Exits 0 when at
 * least one pong came back, 1 when all were lost, 4 when no peer matches.
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Pings a peer over UDP and shows round-trip times.",
      "Sends COUNT authenticated UDP pings to PEER through the local agent, INTERVAL apart, prints"
          + " each round trip and a summary like ping(8). Exits 1 when no pong came back."
    })
final class PingCommand implements Callable<Integer> {

  /** The most pings one command sends: every loop is bounded. */
  static final int MAX_COUNT = 100_000;
  /** Shortest interval between pings: 10 ms, like ping(8) for non-root users. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(10);

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(
      index = "0",
      paramLabel = "PEER",
      description = "Node ID, unique prefix of one, or name.")
  String peer;

  @Option(
      names = {"-c", "--count"},
      paramLabel = "N",
      defaultValue = "4",
      description = "How many pings to send, 1 to 100000 (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Durations.Converter.class,
      description = "Time between pings, at least 10ms (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = {"-W", "--timeout"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Durations.Converter.class,
      description = "How long to wait for each pong (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (count < 1 || count > MAX_COUNT) {
      throw CliException.usage("echomesh ping: -c must be 1 to " + MAX_COUNT + ", got " + count);
    }
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw CliException.usage("echomesh ping: --interval must be at least 10ms, got " + interval);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw CliException.usage("echomesh ping: --timeout must be positive, got " + timeout);
    }
    CliContext context = root.context();
    PrintStream out = context.stdout();
    PingSummary summary = new PingSummary();
    long started = System.nanoTime();
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      for (int seq = 1; seq <= count; seq++) {
        if (seq > 1) {
          pause(started + (seq - 1) * interval.toNanos());
        }
        PingOutcome outcome = agent.ping(peer, timeout);
        if (seq == 1) {
          out.println("PING " + outcome.peerName() + " (" + outcome.peer().shortForm() + ") "
              + (outcome.address().isEmpty() ? "at no known UDP address" : outcome.address()));
        }
        summary.add(outcome.roundTrip());
        out.println(outcome.answered()
            ? "pong from " + outcome.peerName() + ": seq=" + seq + " time="
                + PingSummary.millis(outcome.roundTrip().get().toNanos()) + " ms"
            : "no pong from " + outcome.peerName() + ": seq=" + seq + " (" + outcome.message() + ")");
        out.flush();
      }
    }
    summary.print(peer, Duration.ofNanos(System.nanoTime() - started), out);
    return summary.received() > 0 ? ExitCodes.OK : ExitCodes.ERROR;
  }

  /** Waits until {@code deadlineNanos} on the monotonic clock: paces the pings. */
  private static void pause(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
