package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherFlagsTest {

  @Test
  void parse_envAndJvmLines_returnsTheEnvironmentAndTheOptionsInOrder() {
    LauncherFlags.Launch launch =
        LauncherFlags.parse(String.join("\n", "env MALLOC_ARENA_MAX=2", "jvm -XX:+UseSerialGC", "", "jvm -Xmx256m", ""));

    assertEquals(Map.of("MALLOC_ARENA_MAX", "2"), launch.environment());
    assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m"), launch.jvmOptions());
    assertEquals("MALLOC_ARENA_MAX=2 -XX:+UseSerialGC -Xmx256m", launch.describe());
  }

  @Test
  void parse_valueWithEqualsSign_keepsTheWholeValue() {
    LauncherFlags.Launch launch = LauncherFlags.parse("env GLIBC_TUNABLES=glibc.malloc.trim_threshold=0\njvm -Xss512k\n");

    assertEquals(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0"), launch.environment());
  }

  @Test
  void parse_unexpectedLine_isRefusedWithTheLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LauncherFlags.parse("jvm -Xmx1g\nbuilding the jar ...\n"));
    assertEquals("the launcher printed an unexpected line: building the jar ...", e.getMessage());
  }

  @Test
  void parse_noJvmOptions_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> LauncherFlags.parse("env MALLOC_ARENA_MAX=2\n"));
  }

  @Test
  void parse_environmentLineWithoutAssignment_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> LauncherFlags.parse("env MALLOC_ARENA_MAX\njvm -Xmx1g\n"));
  }

  @Test
  void ask_theRepositoryLauncher_givesTheAgentItsOwnSettings() {
    Path script = LauncherFlags.locate().orElseThrow(() -> new AssertionError("no ./echomesh next to the build"));

    LauncherFlags.Launch launch = LauncherFlags.ask(script);

    assertTrue(launch.environment().containsKey("MALLOC_ARENA_MAX"), launch.describe());
    assertTrue(launch.jvmOptions().contains("-XX:+UseSerialGC"), launch.describe());
    assertTrue(launch.jvmOptions().stream().anyMatch(option -> option.startsWith("-Dio.netty.allocator.maxOrder=")),
        launch.describe());
    assertFalse(launch.jvmOptions().contains("-XX:TieredStopAtLevel=1"), "the agent keeps C2: " + launch.describe());
  }

  @Test
  void ask_scriptThatFails_isAnErrorWithItsExitStatusAndOutput(@TempDir Path directory) throws IOException {
    Path script = Files.writeString(directory.resolve("echomesh"), "echo 'no java found' >&2\nexit 3\n");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> LauncherFlags.ask(script));

    assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
    assertTrue(e.getMessage().contains("no java found"), e.getMessage());
  }

  @Test
  void ask_scriptThatIgnoresPrintMode_isAnError(@TempDir Path directory) throws IOException {
    Path script = Files.writeString(directory.resolve("echomesh"), "echo 'agent started'\n");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> LauncherFlags.ask(script));

    assertTrue(e.getMessage().contains("unexpected line: agent started"), e.getMessage());
  }
}
