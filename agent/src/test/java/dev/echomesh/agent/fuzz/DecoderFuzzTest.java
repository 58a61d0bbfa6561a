package dev.echomesh.agent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Marks a fuzz target of a decoder: a Jazzer {@link FuzzTest} with this project's bounds.
 *
 * <ul>
 *   <li>Fuzzing (environment {@code JAZZER_FUZZ=1}) lasts {@value #MAX_DURATION} per target;
 *       {@code JAZZER_MAX_DURATION} (e.g. {@code 30m}) overrides it for a longer local run.
 *   <li>One input that takes longer than {@value #INPUT_TIMEOUT_SECONDS} s is a hang: a finding
 *       when fuzzing (libFuzzer's {@code -timeout}), a failure when its input is replayed (JUnit's
 *       timeout, in a separate thread so that a decoder spinning in a loop fails too; the agent
 *       pom turns JUnit's timeouts off while fuzzing, where they would end the whole run).
 * </ul>
 *
 * <p>Jazzer fuzzes one fuzz test per JVM, so a class has exactly one method with this annotation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Timeout(
    value = DecoderFuzzTest.INPUT_TIMEOUT_SECONDS,
    unit = TimeUnit.SECONDS,
    threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@FuzzTest(maxDuration = DecoderFuzzTest.MAX_DURATION)
public @interface DecoderFuzzTest {

  /**
   * How long CI fuzzes each target. Measured on a loaded 2-core machine, the three targets took
   * 42-64 s each with 20 s of fuzzing (JVM start and Jazzer's instrumentation are the rest); 15 s
   * keeps five targets (with the local API's and the config file's) near two minutes.
   */
  String MAX_DURATION = "15s";

  /** Longest time one input may take before it counts as a hang. */
  long INPUT_TIMEOUT_SECONDS = 10;
}
