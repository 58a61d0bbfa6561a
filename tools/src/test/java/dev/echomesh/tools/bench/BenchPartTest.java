package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BenchPartTest {

  @Test
  void defaults_everyPartButMemoryAndTheSoak() {
    assertEquals(EnumSet.of(Bench.Part.CALLS, Bench.Part.UDP, Bench.Part.LAN, Bench.Part.CLI, Bench.Part.FILES),
        Bench.Part.defaults());
  }

  @Test
  void constructor_soakOfZeroMinutes_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Bench(BenchPlan.smoke(), m -> {}, Clock.systemUTC(), 0));
  }

  @Test
  void soakGrowthPercent_lastAboveFirst_isThePercentage() {
    assertEquals(10.0, SoakResults.growthPercent(80, 88), 1e-9);
  }
}
