package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncarnationsTest {

  @TempDir Path dir;

  private static Clock at(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  @Test
  void next_noDirectory_theClock() {
    assertEquals(5_000, Incarnations.next(null, at(5_000)));
  }

  @Test
  void next_clockWentBack_onePastTheStoredOne() throws Exception {
    assertEquals(5_000, Incarnations.next(dir, at(5_000)));
    assertEquals(5_001, Incarnations.next(dir, at(1_000)));
    assertEquals("5001", Files.readString(dir.resolve(Incarnations.FILE)).strip());
  }

  @Test
  void next_clockAhead_theClock() {
    Incarnations.next(dir, at(5_000));
    assertEquals(9_000, Incarnations.next(dir, at(9_000)));
  }

  @Test
  void next_damagedFile_theClock() throws Exception {
    Files.writeString(dir.resolve(Incarnations.FILE), "not a number");
    assertEquals(7_000, Incarnations.next(dir, at(7_000)));
  }
}
