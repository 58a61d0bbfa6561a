package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeLogTest {

  @Test
  void parse_eventLine_splitsKindMillisAndDetails() {
    ProbeLog.Event event = ProbeLog.parse("peer 1700000000123 ABCD-EFGH ALIVE").orElseThrow();

    assertEquals("peer", event.kind());
    assertEquals(1700000000123L, event.millis());
    assertEquals("ABCD-EFGH", event.word(0));
    assertEquals("ALIVE", event.word(1));
    assertEquals("", event.word(2));
  }

  @Test
  void parse_logLinesAndGarbage_areIgnored() {
    assertTrue(ProbeLog.parse("[main] INFO dev.echomesh.agent.RealAgent - Agent started").isEmpty());
    assertTrue(ProbeLog.parse("ready soon").isEmpty());
    assertTrue(ProbeLog.parse("").isEmpty());
    assertTrue(ProbeLog.parse("Exception in thread main").isEmpty());
  }

  @Test
  void events_fileWithMixedLines_keepsOnlyEventsInOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out");
    Files.writeString(file, "jvm 10\n[main] INFO something\nstarted 20 NODE\npeer 30 OTHER ALIVE\n");

    List<ProbeLog.Event> events = new ProbeLog(file).events();

    assertEquals(List.of("jvm", "started", "peer"), events.stream().map(ProbeLog.Event::kind).toList());
  }

  @Test
  void await_missingFile_givesUpWhenHopeless(@TempDir Path dir) {
    ProbeLog log = new ProbeLog(dir.resolve("never-written"));

    assertTrue(log.await(e -> true, Duration.ofMinutes(5), () -> true).isEmpty());
  }

  @Test
  void await_eventAlreadyThere_returnsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out");
    Files.writeString(file, "ready 5\n");

    assertEquals(5, new ProbeLog(file).await(e -> e.kind().equals("ready"), Duration.ofSeconds(30)).orElseThrow().millis());
  }
}
