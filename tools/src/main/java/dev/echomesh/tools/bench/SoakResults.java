package dev.echomesh.tools.bench;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The soak: 16 agents calling each other for minutes while one is killed and restarted and
 * another cut off and restored every minute (see {@link SoakSuite} and {@link SoakAnalysis}).
 *
 * @param minutes how long the calls ran
 * @param calls calls started, plain and keyed {@code callAny} together
 * @param hung calls that had no status by their deadline plus a grace (callers killed excepted)
 * @param duplicateRuns runs of a call beyond its first (runs a kill cut short excepted)
 * @param falseDead DEAD listings of hosts that were never killed nor cut
 * @param failoverP99Millis p99 duration of the {@code callAny} calls that failed over because
 *     their peer was killed
 * @param failoverCalls how many such calls there were
 * @param cutFailoverP99Millis the same for peers cut off
 * @param cutFailoverCalls how many such calls there were
 * @param rerunsAfterKill calls whose run a kill cut short and that ran again elsewhere
 * @param rssFirstMinuteMiB the untouched agents' mean RSS over the first minute of calls
 * @param rssLastMinuteMiB the same over the last minute
 * @param rssGrowthPercent last minute against the first, in percent
 * @param statuses calls by kind and final status ({@code any OK}, {@code plain TIMEOUT}, ...)
 * @param incidents one line per hung call, duplicated run or false DEAD (the first few of each),
 *     then the slowest fail-overs from kills and from cuts with their attempts
 */
record SoakResults(
    double minutes,
    Measured<Long> calls,
    Measured<Long> hung,
    Measured<Long> duplicateRuns,
    Measured<Long> falseDead,
    Measured<Double> failoverP99Millis,
    long failoverCalls,
    Measured<Double> cutFailoverP99Millis,
    long cutFailoverCalls,
    long rerunsAfterKill,
    Measured<Double> rssFirstMinuteMiB,
    Measured<Double> rssLastMinuteMiB,
    Measured<Double> rssGrowthPercent,
    Map<String, Long> statuses,
    List<String> incidents) {

  SoakResults {
    Objects.requireNonNull(calls, "calls");
    Objects.requireNonNull(hung, "hung");
    Objects.requireNonNull(duplicateRuns, "duplicateRuns");
    Objects.requireNonNull(falseDead, "falseDead");
    Objects.requireNonNull(failoverP99Millis, "failoverP99Millis");
    Objects.requireNonNull(cutFailoverP99Millis, "cutFailoverP99Millis");
    Objects.requireNonNull(rssFirstMinuteMiB, "rssFirstMinuteMiB");
    Objects.requireNonNull(rssLastMinuteMiB, "rssLastMinuteMiB");
    Objects.requireNonNull(rssGrowthPercent, "rssGrowthPercent");
    statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
    incidents = List.copyOf(incidents);
  }

  /** Every figure missing for one reason. */
  static SoakResults skipped(String reason) {
    Measured<Long> none = Measured.missing(reason);
    Measured<Double> nothing = Measured.missing(reason);
    return new SoakResults(0, none, none, none, none, nothing, 0, nothing, 0, 0, nothing, nothing, nothing, Map.of(),
        List.of());
  }

  /** Growth of {@code last} over {@code first}, in percent. */
  static double growthPercent(double first, double last) {
    if (first <= 0) {
      throw new IllegalArgumentException("a first reading must be positive, got " + first);
    }
    return (last - first) / first * 100;
  }
}
