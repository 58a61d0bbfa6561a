package dev.echomesh.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The attempts of one soak {@code callAny}, as its caller prints them in its {@code done} line:
 * one word, {@code PEER/STATUS/DISPATCH/CONDITION/START-END} per attempt, separated by commas
 * ({@code -} for none), START and END in milliseconds after the call started. It says where a slow
 * fail-over spent its time: on which peer, how far each request got, what the caller knew of the
 * peer then, and the gaps between attempts (a wait for a silent peer to come back).
 *
 * @param steps the attempts in the order made
 */
record SoakTrail(List<Step> steps) {

  /** The word of an empty trail. */
  static final String NONE = "-";

  /**
   * One attempt.
   *
   * @param nodeId the peer called
   * @param status its status, e.g. {@code UNAVAILABLE}
   * @param dispatch how far the request got: {@code NOT_SENT}, {@code REFUSED}, {@code SENT}
   * @param condition the caller's view of the peer when the attempt ended: {@code ALIVE},
   *     {@code SILENT}, {@code GONE}
   * @param startMillis when it started, after the call started
   * @param endMillis when it ended, after the call started
   */
  record Step(String nodeId, String status, String dispatch, String condition, long startMillis, long endMillis) {
    Step {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(dispatch, "dispatch");
      Objects.requireNonNull(condition, "condition");
    }

    String word() {
      return nodeId + "/" + status + "/" + dispatch + "/" + condition + "/" + startMillis + "-" + endMillis;
    }
  }

  SoakTrail {
    steps = List.copyOf(steps);
  }

  static SoakTrail empty() {
    return new SoakTrail(List.of());
  }

  /** The one-word form (see the class comment). */
  String word() {
    return steps.isEmpty() ? NONE : steps.stream().map(Step::word).collect(Collectors.joining(","));
  }

  /**
   * Reads {@link #word()}'s form; an empty word or {@link #NONE} is the empty trail, and a
   * malformed entry (a line cut short by a kill) is left out.
   */
  static SoakTrail parse(String word) {
    List<Step> steps = new ArrayList<>();
    if (word.isEmpty() || word.equals(NONE)) {
      return new SoakTrail(steps);
    }
    for (String entry : word.split(",")) {
      String[] parts = entry.split("/");
      if (parts.length != 5) {
        continue;
      }
      String[] span = parts[4].split("-");
      try {
        if (span.length == 2) {
          steps.add(new Step(parts[0], parts[1], parts[2], parts[3], Long.parseLong(span[0]),
              Long.parseLong(span[1])));
        }
      } catch (NumberFormatException e) {
        // cut short: left out, as the class comment says
      }
    }
    return new SoakTrail(steps);
  }

  /** Whether an attempt on {@code nodeId} ended with anything but OK. */
  boolean failedOn(String nodeId) {
    return steps.stream().anyMatch(step -> step.nodeId().equals(nodeId) && !step.status().equals("OK"));
  }

  /** For a report: each attempt with the peer's host name from {@code hostOf}. */
  String describe(Function<String, String> hostOf) {
    if (steps.isEmpty()) {
      return "no attempts recorded";
    }
    return steps.stream()
        .map(step -> hostOf.apply(step.nodeId()) + " " + step.status() + " (" + step.dispatch() + ", peer "
            + step.condition() + ") " + step.startMillis() + "-" + step.endMillis() + " ms")
        .collect(Collectors.joining("; "));
  }
}
