package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PingSummaryTest {

  @Test
  void print_someLost_lossAndStatisticsOfTheAnswered() {
    PingSummary summary = new PingSummary();
    summary.add(Optional.of(Duration.ofNanos(1000_000)));
    summary.add(Optional.empty());
    summary.add(Optional.of(Duration.ofNanos(3000_000)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    summary.print("h2", Duration.ofMillis(2004), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(
        "--- h2 ping statistics ---\n"
            + "3 sent, 2 received, 33.3% loss, time 2004ms\n"
            + "rtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms\n",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void print_allLost_noRoundTripLine() {
    PingSummary summary = new PingSummary();
    summary.add(Optional.empty());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    summary.print("h2", Duration.ofMillis(1000), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(
        "--- h2 ping statistics ---\n1 sent, 0 received, 100% loss, time 1000ms\n",
        bytes.toString(StandardCharsets.UTF_8));
    assertEquals(100.0, summary.lossPercent());
  }
}
