package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class LanSuiteTest {

  @Test
  void run_planWithoutTrials_everyFigureIsNullWithItsReasonAndNoLanIsMade() {
    LanSuite.Outcome outcome =
        new LanSuite(BenchPlan.smoke(), BenchCredentials.generate(), new ArrayList<String>()::add).run();

    assertFalse(outcome.lan().detectionMillis().present());
    assertTrue(outcome.lan().detectionMillis().reason().orElseThrow().contains("no virtual-LAN trials"));
    assertTrue(outcome.lan().falseDead().reason().isPresent());
    assertTrue(outcome.footprint().rssIdleMiB().reason().orElseThrow().contains("no virtual-LAN trials"));
    assertTrue(outcome.footprint().startToAnnounceMillis().reason().isPresent());
  }
}
