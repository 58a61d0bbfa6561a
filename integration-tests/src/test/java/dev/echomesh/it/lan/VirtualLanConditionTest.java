package dev.echomesh.it.lan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class VirtualLanConditionTest {

  private static final VirtualLan.Availability MISSING =
      new VirtualLan.Availability(false, "the virtual LAN needs the `ip` command: install iproute2");

  @Test
  void evaluate_available_enabled() {
    ConditionEvaluationResult result = new VirtualLanCondition(
        () -> new VirtualLan.Availability(true, "network namespaces work"), () -> true)
        .evaluateExecutionCondition(null);
    assertFalse(result.isDisabled());
  }

  @Test
  void evaluate_unavailableNotRequired_disabledWithReason() {
    ConditionEvaluationResult result = new VirtualLanCondition(() -> MISSING, () -> false)
        .evaluateExecutionCondition(null);
    assertTrue(result.isDisabled());
    assertTrue(result.getReason().orElseThrow().contains("install iproute2"));
  }

  @Test
  void evaluate_unavailableButRequired_failsWithReason() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new VirtualLanCondition(() -> MISSING, () -> true).evaluateExecutionCondition(null));
    assertTrue(e.getMessage().contains("install iproute2"), e.getMessage());
  }
}
