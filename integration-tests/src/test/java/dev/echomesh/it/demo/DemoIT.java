package dev.echomesh.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code echomesh demo}, run as a user runs it ({@code java -jar echomesh.jar demo}): it shows a
 * mesh of three agents finding and calling each other, and leaves nothing behind. Its temporary
 * directory is a fresh one, so "nothing left" is checked exactly.
 */
@RequiresVirtualLan
class DemoIT {

  private static final long DEMO_TIMEOUT_SECONDS = 300;

  @TempDir Path temp;

  @Test
  void demo_threeNodes_showsTheMeshAndLeavesNothingBehind() throws Exception {
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    Path out = temp.resolve("demo.out");
    Path err = temp.resolve("demo.err");
    List<String> argv = JavaCommand.echomeshJar()
        .systemProperty("java.io.tmpdir", tmp.toString())
        .args("demo", "--nodes", "3")
        .argv();
    Process demo = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    boolean ended = demo.waitFor(DEMO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String report = stdout + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8);
    assertTrue(ended, "the demo did not end within " + DEMO_TIMEOUT_SECONDS + " s:\n" + report);
    assertEquals(0, demo.exitValue(), report);

    for (int i = 1; i <= 3; i++) {
      assertTrue(stdout.contains("  node-" + i + "  198.18.0." + i + "  eth0 02:ec:00:00:00:0" + i + "  node "), report);
    }
    for (int i = 2; i <= 3; i++) {
      Pattern row = Pattern.compile("(?m)^node-" + i + " +\\S+ +ALIVE +198\\.18\\.0\\." + i
          + " +eth0 +02:ec:00:00:00:0" + i + " +[0-9.]+ms +[0-9.]+% +now$");
      assertTrue(row.matcher(stdout).find(), "peers table row of node-" + i + ":\n" + report);
      assertTrue(Pattern.compile("(?m)^  node-" + i + "  OK  .+ CPUs, Java ").matcher(stdout).find(),
          "broadcast summary of node-" + i + ":\n" + report);
    }
    assertTrue(stdout.contains("pong from node-2 198.18.0.2:47200: seq=3 time="), report);
    assertTrue(stdout.contains("  1-edon morf olleh\n"), report);
    assertTrue(stdout.contains("Removed the virtual LAN"), report);

    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "files left in the demo's temporary directory");
    }
    assertEquals(List.of(), processesMentioning(tmp.toString()), "processes left");
  }

  /** Live processes of this machine whose command line names {@code text}. */
  private static List<Long> processesMentioning(String text) {
    return ProcessHandle.allProcesses()
        .filter(p -> commandLine(p.pid()).contains(text))
        .map(ProcessHandle::pid)
        .toList();
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ""; // gone, or not readable: not one of the demo's
    }
  }
}
