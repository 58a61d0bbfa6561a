package dev.echomesh.agent.task.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.testing.TestPeers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandTaskSpecTest {

  private static CommandTaskSpec.Builder uptime() {
    return CommandTaskSpec.builder("uptime").command(List.of("/usr/bin/uptime"));
  }

  @Test
  void build_onlyNameAndCommand_takesDocumentedDefaults() {
    CommandTaskSpec spec = uptime().build();

    assertEquals("uptime", spec.name());
    assertEquals(List.of("/usr/bin/uptime"), spec.command());
    assertEquals("runs /usr/bin/uptime", spec.description());
    assertEquals(Duration.ofSeconds(10), spec.timeout());
    assertEquals(1024 * 1024, spec.maxOutputBytes());
    assertEquals(2, spec.concurrency());
    assertEquals(Optional.empty(), spec.workdir());
    assertEquals(List.of(), spec.env());
    assertEquals(List.of(), spec.args());
    assertFalse(spec.acceptsArguments());
    assertEquals(Optional.empty(), spec.allow());
  }

  @Test
  void build_everyOption_keepsTheValues() {
    CommandTaskSpec spec = uptime()
        .description("load")
        .timeout(Duration.ofSeconds(5))
        .maxOutputBytes(4096)
        .concurrency(3)
        .workdir(Path.of("/tmp"))
        .env(List.of("PATH", "LANG"))
        .args(List.of("^[a-z]{1,16}$"))
        .allow(Set.of(TestPeers.nodeId("a")))
        .build();

    assertEquals("load", spec.description());
    assertEquals(Duration.ofSeconds(5), spec.timeout());
    assertEquals(4096, spec.maxOutputBytes());
    assertEquals(3, spec.concurrency());
    assertEquals(Optional.of(Path.of("/tmp")), spec.workdir());
    assertEquals(List.of("PATH", "LANG"), spec.env());
    assertEquals("^[a-z]{1,16}$", spec.args().get(0).pattern());
    assertTrue(spec.acceptsArguments());
    assertEquals(Optional.of(Set.of(TestPeers.nodeId("a"))), spec.allow());
  }

  @Test
  void build_limitsAtTheirBounds_areAccepted() {
    uptime().timeout(Duration.ofMillis(1)).maxOutputBytes(1).concurrency(1).build();
    uptime().timeout(Duration.ofDays(1)).maxOutputBytes(16 * 1024 * 1024).concurrency(256).build();
  }

  @Test
  void build_builderChangedAfterBuild_doesNotChangeTheSpec() {
    CommandTaskSpec.Builder builder = uptime().env(List.of("PATH"));
    CommandTaskSpec spec = builder.build();

    builder.env(List.of("HOME"));

    assertEquals(List.of("PATH"), spec.env());
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        bad("command", b -> b.command(List.of())),
        bad("command[0]", b -> b.command(List.of("uptime"))),
        bad("command[1]", b -> b.command(List.of("/bin/echo", "a\0b"))),
        bad("command", b -> b.command(Arrays.asList(new String[257]))),
        bad("description", b -> b.description("two\nlines")),
        bad("description", b -> b.description("x".repeat(201))),
        bad("timeout", b -> b.timeout(Duration.ZERO)),
        bad("timeout", b -> b.timeout(Duration.ofDays(1).plusMillis(1))),
        bad("max-output", b -> b.maxOutputBytes(0)),
        bad("max-output", b -> b.maxOutputBytes(16L * 1024 * 1024 + 1)),
        bad("concurrency", b -> b.concurrency(0)),
        bad("concurrency", b -> b.concurrency(257)),
        bad("workdir", b -> b.workdir(Path.of("relative/dir"))),
        bad("env[1]", b -> b.env(List.of("PATH", "NOT-A-NAME"))),
        bad("env[0]", b -> b.env(List.of("1ABC"))),
        bad("env[0]", b -> b.env(List.of("ECHOMESH_CALLER"))),
        bad("env[0]", b -> b.env(List.of("ECHOMESH_CALLER_NAME"))),
        bad("args[1]", b -> b.args(List.of("[a-z]+", "[unclosed"))),
        bad("args[0]", b -> b.args(List.of(""))),
        bad("args", b -> b.args(java.util.Collections.nCopies(65, "x"))));
  }

  private static Arguments bad(String option, UnaryOperator<CommandTaskSpec.Builder> change) {
    return Arguments.of(option, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOptions")
  void build_badOption_throwsNamingOptionAndWhatIsAllowed(String option,
      UnaryOperator<CommandTaskSpec.Builder> change) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(uptime()).build());

    assertTrue(e.getMessage().startsWith("tasks.uptime." + option + " "), e.getMessage());
  }

  @Test
  void build_badTaskName_throwsNamingTheRule() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandTaskSpec.builder("no spaces").command(List.of("/bin/true")).build());

    assertTrue(e.getMessage().contains("letters, digits"), e.getMessage());
  }

  @Test
  void build_rangeErrors_sayTheRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> uptime().concurrency(0).build());

    assertEquals("tasks.uptime.concurrency must be in [1, 256], got 0", e.getMessage());
  }
}
