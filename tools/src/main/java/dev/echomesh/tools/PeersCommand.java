package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.PeerWatch;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh peers}: the peers the local agent knows. */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the peers the local agent knows.",
      "Shows each peer's name, node ID, state, addresses, MAC, ping round trip, loss and when"
          + " it was last heard from."
    },
    footer = {
      "",
      "--json prints an array of objects with the fields: id, name, state (ALIVE, SUSPECT,",
      "DEAD, LEFT), addresses (strings), interface, mac, macMismatch, port, udpPort, rttMicros",
      "(the median; the RTT column shows it), rttMeanMicros, rttLastMicros, rttP99Micros (null",
      "until measured), lossPercent, incarnation, lastSeen",
      "(ISO-8601 UTC). With --watch, the table (or, with --json, one object per line per peer) is",
      "printed at start and again only when a peer changes: appears, changes state, name,",
      "addresses, interface, MAC or ports, or restarts; round trips and loss alone do not count.",
      "A peer that left the table (expired or forgotten) comes last as it was, with",
      "\"removed\": true.",
    })
final class PeersCommand implements Callable<Integer> {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** ANSI: cursor home and clear the screen. */
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(names = "--json", description = "JSON for scripts (fields below).")
  boolean json;

  @Option(
      names = {"-w", "--watch"},
      description = "Keep running and show each change; Ctrl-C stops.")
  boolean watch;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      if (watch) {
        return watch(agent, context);
      }
      List<Peer> peers = agent.peers();
      if (json) {
        Json.print(context.stdout(), PeerFormat.json(peers));
      } else if (peers.isEmpty()) {
        context
            .stdout()
            .println(
                "No peers yet. They appear when discovered on the LAN or given with"
                    + " `echomesh agent --peer HOST:PORT`.");
      } else {
        PeerFormat.table(peers, context.clock().instant(), context.stdout());
      }
    }
    return ExitCodes.OK;
  }

  private int watch(ControlClient agent, CliContext context) throws IOException {
    Map<NodeId, Peer> table = new TreeMap<>();
    PrintStream out = context.stdout();
    try (PeerWatch stream = agent.watchPeers()) {
      PeerWatch.Update update;
      while ((update = stream.next()) != null) {
        List<Peer> changed = new ArrayList<>();
        if (update.snapshot()) {
          changed.addAll(update.peers());
          table.clear();
        } else {
          for (Peer peer : update.peers()) {
            if (PeerChanges.differs(table.get(peer.id()), peer)) {
              changed.add(peer);
            }
          }
        }
        update.peers().forEach(peer -> table.put(peer.id(), peer));
        update.removed().forEach(peer -> table.remove(peer.id()));
        if (changed.isEmpty() && update.removed().isEmpty() && !update.snapshot()) {
          continue; // only round trips, loss or last-seen moved: not a change worth a line
        }
        if (json) {
          changed.forEach(peer -> Json.print(out, PeerFormat.json(peer)));
          update.removed().forEach(peer -> Json.print(out, PeerFormat.json(peer).put("removed", true)));
        } else {
          redraw(table, context);
        }
        out.flush();
      }
    }
    throw new CliException(ExitCodes.NO_AGENT, "echomesh: the agent stopped");
  }

  private static void redraw(Map<NodeId, Peer> table, CliContext context) {
    PrintStream out = context.stdout();
    String time =
        LocalTime.ofInstant(context.clock().instant(), ZoneId.systemDefault()).format(CLOCK);
    if (context.terminal()) {
      out.print(CLEAR_SCREEN);
    }
    out.println(
        "-- "
            + time
            + "  "
            + table.size()
            + " peer(s)"
            + (context.terminal() ? "  (Ctrl-C to stop)" : ""));
    PeerFormat.table(table.values(), context.clock().instant(), out);
    if (!context.terminal()) {
      out.println();
    }
  }
}
