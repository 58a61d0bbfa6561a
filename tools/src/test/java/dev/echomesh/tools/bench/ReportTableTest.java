package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportTableTest {

  @Test
  void render_completeReport_statesMachineRatiosAndVerdicts() {
    String table = ReportTable.render(ReportFixtures.complete());

    assertTrue(table.contains("2 cores (Test CPU), OpenJDK 17"), table);
    assertTrue(table.contains("ratios.callLatencyP50VsGrpc"), table);
    assertTrue(table.contains("0.40"), table);
    assertTrue(table.contains(" met"), table);
    assertTrue(table.contains("blocking ping-pong floors have one call in flight only"), table);
  }

  @Test
  void render_missingFigures_showNaAndListTheirReasons() {
    String table = ReportTable.render(ReportFixtures.withoutLanAndEchomesh("network namespaces unavailable"));

    assertTrue(table.contains("n/a"), table);
    assertTrue(table.contains("not measured:"), table);
    assertTrue(table.contains("- network namespaces unavailable"), table);
  }
}
