package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 1 MiB tmpfs mounted in a private mount namespace ({@code unshare -Urm}, which
 * needs no root where user namespaces are enabled, and works as root), with {@link DiskFullProbe}
 * receiving a 2 MiB file on it in a child JVM. The mount exists only inside the child's namespace
 * and disappears with it, so the test leaves nothing mounted. Skipped, saying why, where the
 * namespace cannot be made.
 */
class DiskFullTest {

  @TempDir Path tmp;

  @Test
  void write_tmpfsRunsFull_isDiskFullWithNoFinalFileAndThePartKept() throws Exception {
    Map<String, String> result = runProbe("enospc");
    assertEquals("DiskFullException", result.get("outcome"), result.toString());
    assertTrue(result.get("message").contains("disk is full"), result.get("message"));
    assertEquals("false", result.get("finalExists"));
    assertEquals("1", result.get("parts"));
    assertTrue(Long.parseLong(result.get("partBytes")) > 0);
  }

  @Test
  void receive_tmpfsTooSmall_realGuardRefusesBeforeWriting() throws Exception {
    Map<String, String> result = runProbe("guard");
    assertEquals("InsufficientSpaceException", result.get("outcome"), result.toString());
    assertEquals("false", result.get("finalExists"));
    assertEquals("0", result.get("parts"));
  }

  private Map<String, String> runProbe(String mode) throws IOException, InterruptedException {
    Path inbox = Files.createDirectory(tmp.resolve("inbox"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of("unshare", "-Urm", "sh", "-c",
        "mount -t tmpfs -o size=1m echomesh-test \"$0\" && exec \"$1\" -cp \"$2\" " + DiskFullProbe.class.getName()
            + " \"$0\" \"$3\"",
        inbox.toString(), java, System.getProperty("java.class.path"), mode);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "unshare is not installed: " + e.getMessage());
      throw e;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the disk-full probe did not finish within 120 s: " + output);
    }
    assumeTrue(!output.contains("unshare:") && !output.contains("mount:"),
        "no private mount namespace with a tmpfs here (user namespaces disabled?): " + output.strip());
    assertEquals(0, process.exitValue(), output);
    Map<String, String> result = new HashMap<>();
    for (String line : output.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        result.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return result;
  }
}
