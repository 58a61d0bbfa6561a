package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RatiosTest {

  @Test
  void divide_bothMeasured_isTheirQuotient() {
    assertEquals(0.25, Ratios.divide(Measured.of(1.0), Measured.of(4.0)).value(), 1e-12);
  }

  @Test
  void divide_numeratorMissing_carriesItsReason() {
    Measured<Double> ratio = Ratios.divide(Measured.missing("agent did not start"), Measured.of(4.0));
    assertFalse(ratio.present());
    assertEquals("agent did not start", ratio.reason().orElseThrow());
  }

  @Test
  void divide_denominatorMissing_carriesItsReason() {
    Measured<Double> ratio = Ratios.divide(Measured.of(1.0), Measured.missing("grpc failed"));
    assertEquals("grpc failed", ratio.reason().orElseThrow());
  }

  @Test
  void divide_zeroBaseline_isMissingNotInfinite() {
    Measured<Double> ratio = Ratios.divide(Measured.of(1.0), Measured.of(0.0));
    assertFalse(ratio.present());
  }
}
