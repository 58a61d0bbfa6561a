package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs {@code demo} with a LAN that is unavailable, or that must not be made. */
  private int run(VirtualLan.Availability availability, String... args) {
    CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(), Clock.systemUTC(), false);
    CommandLine commandLine = EchomeshCommand.commandLine(context);
    commandLine.addSubcommand("demo-under-test", new DemoCommand(() -> availability, hosts -> {
      throw new AssertionError("no LAN may be made");
    }));
    String[] argv = new String[args.length + 1];
    argv[0] = "demo-under-test";
    System.arraycopy(args, 0, argv, 1, args.length);
    return commandLine.execute(argv);
  }

  @Test
  void demo_noNamespaces_oneLineSayingWhyAndHowOnARealLanExitOne() {
    int exit = run(new VirtualLan.Availability(false, "user namespaces are disabled"));
    assertEquals(1, exit);
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("user namespaces are disabled"), message);
    assertTrue(message.contains("echomesh agent"), message);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void demo_nodesOutOfRange_usageError() {
    assertEquals(2, run(new VirtualLan.Availability(true, "ok"), "--nodes", "1"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--nodes must be 2 to 16"), err.toString());
  }

  @Test
  void summary_sysinfoJson_oneLine() throws Exception {
    String json = "{\"os\":\"Linux 6.1\",\"arch\":\"amd64\",\"cpus\":2,\"javaVersion\":\"17.0.9\","
        + "\"agentUptimeSeconds\":4}";
    assertEquals("OK  Linux 6.1 amd64, 2 CPUs, Java 17.0.9, agent up 4 s",
        Demo.summary(new ObjectMapper().readTree(json)));
  }
}
