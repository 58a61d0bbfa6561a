package dev.echomesh.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user unpacks it: its {@code bin/echomesh} runs from any directory and through
 * symlinks, with only a Java runtime, and launches exactly as the checkout's {@code ./echomesh}.
 */
class TarballIT {

  @TempDir static Path scratch;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Command.Result untar = Command.run(scratch, "tar", "-xzf", BuiltPackages.tarball().toString());
    assertEquals(0, untar.exitCode(), untar::toString);
    home = scratch.resolve("echomesh-" + BuiltPackages.version());
  }

  @Test
  void tarball_unpacked_holdsLauncherJarUnitAndReadme() {
    assertTrue(Files.isExecutable(home.resolve("bin/echomesh")), "bin/echomesh is not executable");
    assertTrue(Files.isRegularFile(home.resolve("lib/echomesh.jar")), "lib/echomesh.jar is missing");
    assertTrue(Files.isRegularFile(home.resolve("systemd/echomesh.service")), "the unit is missing");
    assertTrue(Files.isRegularFile(home.resolve("README.md")), "README.md is missing");
    assertTrue(Files.isRegularFile(home.resolve("echomesh.toml.example")), "the sample config is missing");
    assertTrue(Files.isRegularFile(home.resolve("docs/config.md")), "docs/config.md is missing");
    assertFalse(
        Files.exists(home.resolve("lib/echomesh-bench-libs.jar")), "the bench libraries are left out on purpose");
  }

  @Test
  void launcher_fromAnotherDirectory_printsVersion() throws Exception {
    Path elsewhere = Files.createTempDirectory(scratch, "cwd");

    Command.Result version = launch(elsewhere, home.resolve("bin/echomesh"), "--version");

    assertEquals(0, version.exitCode(), version::toString);
    assertEquals("echomesh " + BuiltPackages.version(), version.stdout().strip());
  }

  @Test
  void launcher_throughSymlinks_initsAndPrintsTheSameId() throws Exception {
    Path elsewhere = Files.createTempDirectory(scratch, "cwd");
    Path data = scratch.resolve("data-symlink");
    // /.../on-path/echomesh -> (absolute) bin/echomesh, and a relative link to that link.
    Path onPath = Files.createDirectories(scratch.resolve("on-path"));
    Path link = Files.createSymbolicLink(onPath.resolve("echomesh"), home.resolve("bin/echomesh"));
    Path relativeLink = Files.createSymbolicLink(onPath.resolve("em"), Path.of("echomesh"));

    Command.Result init = launch(elsewhere, relativeLink, "init", "--data-dir", data.toString());
    Command.Result idThroughLink = launch(elsewhere, link, "id", "--data-dir", data.toString());
    Command.Result idDirect = launch(elsewhere, home.resolve("bin/echomesh"), "id", "--data-dir", data.toString());

    assertEquals(0, init.exitCode(), init::toString);
    assertTrue(Files.isRegularFile(data.resolve("mesh.key")), "init wrote no mesh key: " + init);
    assertEquals(0, idThroughLink.exitCode(), idThroughLink::toString);
    assertFalse(idThroughLink.stdout().isBlank(), idThroughLink::toString);
    assertEquals(idDirect.stdout(), idThroughLink.stdout());
  }

  @Test
  void launcher_shortCommandTwice_writesAClassArchiveThenUsesItWithTheSameOutput() throws Exception {
    Path data = scratch.resolve("data-cds");
    Path cache = scratch.resolve("cache-cds");
    Map<String, String> environment = Map.of("ECHOMESH_CACHE_DIR", cache.toString());
    assertEquals(0, launch(scratch, home.resolve("bin/echomesh"), "init", "--data-dir", data.toString()).exitCode());

    Command.Result first = launch(scratch, environment, home.resolve("bin/echomesh"), "id", "--data-dir", data.toString());
    List<Path> archives;
    try (var files = Files.walk(cache)) {
      archives = files.filter(file -> file.getFileName().toString().equals("id.jsa")).toList();
    }
    Command.Result second = launch(scratch, environment, home.resolve("bin/echomesh"), "id", "--data-dir", data.toString());

    assertEquals(0, first.exitCode(), first::toString);
    assertEquals(1, archives.size(), "archives: " + archives);
    assertEquals(0, second.exitCode(), second::toString);
    assertEquals(first.stdout(), second.stdout());
    assertEquals(first.stderr(), second.stderr());
  }

  @Test
  void launcher_printLaunch_sameAsTheCheckoutLauncher() throws Exception {
    for (String command : List.of("agent", "status", "bench")) {
      Map<String, String> print = Map.of("ECHOMESH_PRINT_LAUNCH", "1");
      Command.Result installed = launch(scratch, print, home.resolve("bin/echomesh"), command);
      Command.Result checkout = launch(scratch, print, BuiltPackages.checkout().resolve("echomesh"), command);

      assertEquals(0, installed.exitCode(), installed::toString);
      assertTrue(installed.stdout().contains("jvm -Xmx256m"), installed::toString);
      assertEquals(checkout.stdout(), installed.stdout(), "launch of `" + command + "` differs");
    }
  }

  @Test
  void launcher_withoutJava_failsWithAHint() throws Exception {
    Command.Result result =
        Command.run(
            scratch,
            Map.of("JAVA_HOME", scratch.resolve("no-such-jdk").toString()),
            List.of(home.resolve("bin/echomesh").toString(), "--version"));

    assertEquals(1, result.exitCode(), result::toString);
    assertTrue(result.stderr().contains("no java found: install a Java 17+ runtime"), result::toString);
  }

  @Test
  void launcher_bench_pointsToASourceCheckout() throws Exception {
    Command.Result result = launch(scratch, home.resolve("bin/echomesh"), "bench", "--quick");

    assertEquals(1, result.exitCode(), result::toString);
    assertTrue(result.stderr().contains("run ./echomesh bench from a source checkout"), result::toString);
  }

  private static Command.Result launch(Path directory, Path launcher, String... args)
      throws IOException, InterruptedException {
    return launch(directory, Map.of(), launcher, args);
  }

  /** Runs {@code launcher args} with this JVM's Java as JAVA_HOME. */
  private static Command.Result launch(Path directory, Map<String, String> environment, Path launcher, String... args)
      throws IOException, InterruptedException {
    Map<String, String> withJava = new HashMap<>(environment);
    withJava.put("JAVA_HOME", System.getProperty("java.home"));
    // Class-data-sharing archives in the test's directory, not in the runner's ~/.cache.
    withJava.putIfAbsent("ECHOMESH_CACHE_DIR", scratch.resolve("cache").toString());
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    return Command.run(directory, withJava, command);
  }
}
