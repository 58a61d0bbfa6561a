package dev.echomesh.it.lan;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresVirtualLan}. */
final class VirtualLanCondition implements ExecutionCondition {

  private final Supplier<VirtualLan.Availability> availability;
  private final BooleanSupplier required;

  /** Used by JUnit: the machine's real availability and requirement. */
  VirtualLanCondition() {
    this(VirtualLan::availability, VirtualLan::required);
  }

  VirtualLanCondition(Supplier<VirtualLan.Availability> availability, BooleanSupplier required) {
    this.availability = availability;
    this.required = required;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    VirtualLan.Availability now = availability.get();
    if (now.available()) {
      return ConditionEvaluationResult.enabled(now.reason());
    }
    if (required.getAsBoolean()) {
      // JUnit reports an exception thrown by a condition as a failure of the test or class.
      throw new IllegalStateException("the virtual LAN is required (" + VirtualLan.REQUIRE_ENV + "=1 or -D"
          + VirtualLan.REQUIRE_PROPERTY + "=true) but unavailable: " + now.reason());
    }
    return ConditionEvaluationResult.disabled("virtual LAN unavailable: " + now.reason());
  }
}
