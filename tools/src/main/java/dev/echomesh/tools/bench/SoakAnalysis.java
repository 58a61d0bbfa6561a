package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The soak's figures from what its agent processes printed ({@link SoakAgentMain}) and what the
 * bench did to them (kills, cuts): pure, so tests feed it made-up events.
 *
 * <ul>
 *   <li>a call is <b>hung</b> when its caller printed no {@code done} by its deadline plus the
 *       grace, or a late one, unless the caller itself was killed before then;
 *   <li>a <b>duplicated run</b> is a run of a call ID beyond its first, on any host, not counting
 *       a run its host's kill cut short (printed {@code run} but never {@code ran}): a call whose
 *       callee died mid-run is meant to run again elsewhere. A run that finished on a host killed
 *       before its result got out, then ran again elsewhere, does count;
 *   <li>a <b>false DEAD</b> is a DEAD listing of an untouched host (never killed nor cut), by any
 *       agent except the cut host while it was cut (and {@link #CUT_VIEW_SLACK} after); each is
 *       reported with the stalls ({@link StallWatch}) of the observer and of the listed host in the
 *       {@link #STALL_LOOKBACK} before it, and how long after the agents converged it came;
 *   <li>a <b>fail-over</b> from a fault is a {@code callAny} that ended OK after an attempt on the
 *       faulted node that did not (its {@link SoakTrail}), and that was in flight between the
 *       fault's start and {@link #FAILOVER_WINDOW} after its end; the trails of the slowest ones
 *       say where their time went ({@link #slowFailovers}).
 * </ul>
 */
final class SoakAnalysis {

  /** After a cut host's link is back, how long its own view of others may still say DEAD. */
  static final Duration CUT_VIEW_SLACK = Duration.ofSeconds(5);
  /** How far back from a false DEAD the stalls of its observer and of the listed host are shown. */
  static final Duration STALL_LOOKBACK = Duration.ofSeconds(3);
  /** How long after a fault's end a call that failed on the faulted node counts as its fail-over. */
  static final Duration FAILOVER_WINDOW = Duration.ofSeconds(10);

  /**
   * One agent process: a host's agent from its start until it was killed, or the end.
   *
   * @param host the host's name
   * @param nodeId its node ID
   * @param events what it printed
   * @param killedAtMillis when it was killed; null when it ran to the end
   */
  record Instance(String host, String nodeId, List<ProbeLog.Event> events, Long killedAtMillis) {
    Instance {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(nodeId, "nodeId");
      events = List.copyOf(events);
    }
  }

  /** A fault the bench made: {@code nodeId}'s host killed (from == to) or cut [from, to]. */
  record Fault(String nodeId, long fromMillis, long toMillis) {}

  private final List<Instance> instances;
  private final List<Fault> kills;
  private final List<Fault> cuts;
  private final Set<String> untouched;
  private final long countFromMillis;
  private final long hangAfterMillis;

  /**
   * @param untouched node IDs of the hosts never killed nor cut
   * @param countFromMillis DEAD listings before this (agents starting) are not counted
   * @param callTimeout the calls' deadline
   * @param grace how long after its deadline a call may still end before it counts as hung
   */
  SoakAnalysis(List<Instance> instances, List<Fault> kills, List<Fault> cuts, Set<String> untouched,
      long countFromMillis, Duration callTimeout, Duration grace) {
    this.instances = List.copyOf(instances);
    this.kills = List.copyOf(kills);
    this.cuts = List.copyOf(cuts);
    this.untouched = Set.copyOf(untouched);
    this.countFromMillis = countFromMillis;
    this.hangAfterMillis = callTimeout.plus(grace).toMillis();
  }

  /** One call as its caller printed it. */
  record Call(String id, String kind, long startMillis, ProbeLog.Event done, Instance caller) {
    String status() {
      return done == null ? null : done.word(1);
    }

    int attempts() {
      return done == null ? 0 : Integer.parseInt(done.word(3));
    }

    long millis() {
      return done.millis() - startMillis;
    }

    /** Its attempts; empty for a plain call, a call without a status, or an older log. */
    SoakTrail trail() {
      return done == null ? SoakTrail.empty() : SoakTrail.parse(done.word(4));
    }
  }

  /** Every call started, in the order of the instances. */
  List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    for (Instance instance : instances) {
      Map<String, ProbeLog.Event> done = new HashMap<>();
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("done")) {
          done.put(event.word(0), event);
        }
      }
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("call")) {
          calls.add(new Call(event.word(0), event.word(1), event.millis(), done.get(event.word(0)), instance));
        }
      }
    }
    return calls;
  }

  /** Calls per kind and status ({@code any OK}, {@code plain UNAVAILABLE}, {@code plain none}). */
  Map<String, Long> statuses() {
    Map<String, Long> counts = new TreeMap<>();
    for (Call call : calls()) {
      counts.merge(call.kind() + " " + (call.done() == null ? "none" : call.status()), 1L, Long::sum);
    }
    return counts;
  }

  /** One line per hung call. */
  List<String> hung() {
    List<String> hung = new ArrayList<>();
    for (Call call : calls()) {
      long due = call.startMillis() + hangAfterMillis;
      Long killed = call.caller().killedAtMillis();
      if (killed != null && killed < due) {
        continue;
      }
      if (call.done() == null) {
        hung.add(call.caller().host() + ": " + call.kind() + " call " + call.id() + " started at " + call.startMillis()
            + " never ended");
      } else if (call.done().millis() > due) {
        hung.add(call.caller().host() + ": " + call.kind() + " call " + call.id() + " ended "
            + call.status() + " after " + call.millis() + " ms");
      }
    }
    return hung;
  }

  /** One line per duplicated run (see the class comment). */
  List<String> duplicateRuns() {
    Map<String, List<String>> runs = new LinkedHashMap<>();
    for (Instance instance : instances) {
      Set<String> finished = new HashSet<>();
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("ran")) {
          finished.add(event.word(0));
        }
      }
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("run")) {
          boolean cutShort = instance.killedAtMillis() != null && !finished.contains(event.word(0));
          if (!cutShort) {
            runs.computeIfAbsent(event.word(0), id -> new ArrayList<>()).add(instance.host() + " at " + event.millis());
          }
        }
      }
    }
    List<String> duplicates = new ArrayList<>();
    runs.forEach((id, where) -> {
      for (int extra = 1; extra < where.size(); extra++) {
        duplicates.add(id + " ran again on " + where.get(extra) + " (first on " + where.get(0) + ")");
      }
    });
    return duplicates;
  }

  /** Runs cut short by a kill whose call then ran on another host (the fail-over's purpose). */
  long rerunsAfterKill() {
    Set<String> cutShort = new HashSet<>();
    Map<String, Integer> finishedRuns = new HashMap<>();
    for (Instance instance : instances) {
      Set<String> finished = new HashSet<>();
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("ran")) {
          finished.add(event.word(0));
          finishedRuns.merge(event.word(0), 1, Integer::sum);
        }
      }
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("run") && instance.killedAtMillis() != null && !finished.contains(event.word(0))) {
          cutShort.add(event.word(0));
        }
      }
    }
    return cutShort.stream().filter(finishedRuns::containsKey).count();
  }

  /** One line per false DEAD (see the class comment). */
  List<String> falseDead() {
    List<String> found = new ArrayList<>();
    for (Instance observer : instances) {
      for (ProbeLog.Event event : observer.events()) {
        if (event.kind().equals("peer") && event.word(1).equals(LanSuite.DEAD) && untouched.contains(event.word(0))
            && event.millis() >= countFromMillis && !cutAt(observer.nodeId(), event.millis())) {
          found.add(observer.host() + " listed " + hostOf(event.word(0)) + " DEAD at " + event.millis() + ", "
              + (event.millis() - countFromMillis) + " ms after the agents converged"
              + stallsBefore(observer, event.word(0), event.millis()));
        }
      }
    }
    return found;
  }

  /** Durations (ms) of the fail-over calls around kills (see the class comment). */
  List<Double> failoverMillis() {
    return failovers(kills).stream().map(call -> (double) call.millis()).toList();
  }

  /** The same around cuts: callAny calls whose chosen peer was cut off. */
  List<Double> cutFailoverMillis() {
    return failovers(cuts).stream().map(call -> (double) call.millis()).toList();
  }

  /**
   * One line for each of the {@code count} slowest fail-overs from kills and from cuts: the caller,
   * the duration and each attempt (peer, status, how far the request got, the peer's condition,
   * start and end), slowest first.
   */
  List<String> slowFailovers(int count) {
    List<String> lines = new ArrayList<>();
    describeSlowest("kill", failovers(kills), count, lines);
    describeSlowest("cut", failovers(cuts), count, lines);
    return lines;
  }

  private void describeSlowest(String fault, List<Call> calls, int count, List<String> lines) {
    calls.stream()
        .sorted(Comparator.comparingLong(Call::millis).reversed())
        .limit(count)
        .forEach(call -> lines.add(fault + " fail-over of " + call.millis() + " ms by " + call.caller().host() + " ("
            + call.id() + "): " + call.trail().describe(this::hostOf)));
  }

  private List<Call> failovers(List<Fault> faults) {
    List<Call> found = new ArrayList<>();
    for (Call call : calls()) {
      if (!call.kind().equals("any") || call.done() == null || !call.status().equals("OK") || call.attempts() < 2) {
        continue;
      }
      SoakTrail trail = call.trail();
      for (Fault fault : faults) {
        if (trail.failedOn(fault.nodeId()) && call.done().millis() >= fault.fromMillis()
            && call.startMillis() <= fault.toMillis() + FAILOVER_WINDOW.toMillis()) {
          found.add(call);
          break;
        }
      }
    }
    return found;
  }

  /**
   * The stalls of {@code observer} and of {@code nodeId}'s agent in the {@link #STALL_LOOKBACK}
   * up to {@code millis}, for a report. A stall is printed when it ends ({@code stall END
   * LENGTH}), often after the DEAD it caused: it counts when its span reaches into the window.
   */
  private String stallsBefore(Instance observer, String nodeId, long millis) {
    long from = millis - STALL_LOOKBACK.toMillis();
    String own = stallMillis(List.of(observer), from, millis);
    String listed = stallMillis(instances.stream().filter(i -> i.nodeId().equals(nodeId)).toList(), from, millis);
    return " (stalls in the " + STALL_LOOKBACK.toSeconds() + " s before, ms: observer " + own + ", listed host "
        + listed + ")";
  }

  private static String stallMillis(List<Instance> of, long fromMillis, long toMillis) {
    List<String> stalls = new ArrayList<>();
    for (Instance instance : of) {
      for (ProbeLog.Event event : instance.events()) {
        if (event.kind().equals("stall") && event.word(0).matches("[0-9]{1,18}")) {
          long end = event.millis();
          long start = end - Long.parseLong(event.word(0));
          if (end >= fromMillis && start <= toMillis) {
            stalls.add(event.word(0));
          }
        }
      }
    }
    return stalls.isEmpty() ? "none" : String.join("+", stalls);
  }

  private boolean cutAt(String nodeId, long millis) {
    return cuts.stream().anyMatch(cut -> cut.nodeId().equals(nodeId) && millis >= cut.fromMillis()
        && millis <= cut.toMillis() + CUT_VIEW_SLACK.toMillis());
  }

  private String hostOf(String nodeId) {
    return instances.stream().filter(i -> i.nodeId().equals(nodeId)).map(Instance::host).findFirst().orElse(nodeId);
  }
}
