package dev.echomesh.it.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.it.mesh.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code echomesh agent} processes on loopback: alpha, started through the checkout's launcher
 * ({@code ./echomesh agent}, which runs {@code java -jar}, so the class path holds nothing but the
 * jar), serves a plugin jar dropped into its data directory's {@code plugins/}, and its config
 * file lets only beta call the plugin's task; gamma, a member too, gets DENIED. SIGHUP then reloads the file: a new allow-list,
 * a file with a typo (kept out), and a deny list that refuses gamma's links.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginDirectoryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  private AgentProcess alpha;
  private AgentProcess beta;
  private AgentProcess gamma;

  @BeforeAll
  void start() throws Exception {
    Path alphaDir = temp.resolve("alpha");
    Echomesh.Result init = Echomesh.run(temp, "init", "--data-dir", alphaDir.toString());
    assertEquals(0, init.exitCode(), init.toString());
    String code = init.stdout().strip();
    for (String name : new String[] {"beta", "gamma"}) {
      Echomesh.Result join = Echomesh.run(temp, "join", "--data-dir", temp.resolve(name).toString(), code);
      assertEquals(0, join.exitCode(), join.toString());
    }
    Files.createDirectories(alphaDir.resolve("plugins"));
    PluginJar.write(alphaDir.resolve("plugins").resolve("shout.jar"), ShoutTask.class);
    Files.writeString(alphaDir.resolve("echomesh.toml"),
        "[tasks.shout]\nallow = [\"" + id(temp.resolve("beta")) + "\"]\n");

    alpha = AgentProcess.startWithLauncher(alphaDir, "alpha");
    beta = AgentProcess.start(temp.resolve("beta"), "beta", alpha.peerAddress());
    gamma = AgentProcess.start(temp.resolve("gamma"), "gamma", alpha.peerAddress());
  }

  @AfterAll
  void stop() {
    for (AgentProcess agent : new AgentProcess[] {gamma, beta, alpha}) {
      if (agent != null) {
        agent.close();
      }
    }
  }

  private static String id(Path dataDir) throws Exception {
    Echomesh.Result id = Echomesh.run(temp, "id", "--data-dir", dataDir.toString());
    assertEquals(0, id.exitCode(), id.toString());
    return id.stdout().strip();
  }

  private static Echomesh.Result call(AgentProcess from, String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "call";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = from.dataDir().toString();
    return Echomesh.run(temp, all);
  }

  @Test
  @Order(1)
  void pluginInTheDataDirectory_servedToTheNodeItsConfigAllows() {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      Echomesh.Result result = call(beta, "alpha", ShoutTask.NAME, "hello");
      assertEquals(0, result.exitCode(), result.toString());
      assertEquals("HELLO", result.stdout().strip());
    });
  }

  @Test
  @Order(2)
  void pluginTask_otherMember_denied() {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      Echomesh.Result result = call(gamma, "alpha", ShoutTask.NAME, "hello");
      assertEquals(6, result.exitCode(), "exit 6 is DENIED: " + result);
      assertTrue(result.stderr().contains("DENIED"), result.toString());
    });
  }

  @Test
  @Order(3)
  void tasksOfAlpha_listThePluginWithItsOrigin() throws Exception {
    assertTrue(alpha.log().contains("Task 'shout': plugin shout.jar ("), "logged at start: " + alpha.log());
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      Echomesh.Result result = call(beta, "alpha", "tasks");
      assertEquals(0, result.exitCode(), result.toString());
      assertTrue(result.stdout().contains("\"name\":\"shout\"") && result.stdout().contains("\"origin\":\"plugin shout.jar\""),
          result.stdout());
    });
  }

  @Test
  @Order(4)
  void sighup_afterTheFileAllowsGamma_gammaMayCallWithoutAnyLinkDropped() throws Exception {
    Files.writeString(alpha.dataDir().resolve("echomesh.toml"), "[tasks.shout]\nallow = [\""
        + id(beta.dataDir()) + "\", \"" + id(gamma.dataDir()) + "\"]\n");
    hangUp(alpha);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      Echomesh.Result result = call(gamma, "alpha", ShoutTask.NAME, "again");
      assertEquals(0, result.exitCode(), result.toString());
      assertEquals("AGAIN", result.stdout().strip());
    });
    assertEquals(0, call(beta, "alpha", ShoutTask.NAME, "still").exitCode(), "beta still allowed");
  }

  @Test
  @Order(5)
  void sighup_fileWithATypo_keepsTheSettingsAndTheAgentRuns() throws Exception {
    Files.writeString(alpha.dataDir().resolve("echomesh.toml"), "[tasks.shout]\nalow = []\n");
    hangUp(alpha);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
        .until(() -> alpha.log().contains("Reload failed, keeping the settings in use"));
    assertTrue(alpha.log().contains("echomesh.toml:2: unknown key tasks.shout.alow"), alpha.log());
    assertEquals(0, call(gamma, "alpha", ShoutTask.NAME, "kept").exitCode(), "the old allow-list stays");
  }

  @Test
  @Order(6)
  void sighup_denyListNamesGamma_gammaRefusedAtTheHandshakeBetaUnaffected() throws Exception {
    Files.writeString(alpha.dataDir().resolve("echomesh.toml"), "deny = [\"" + id(gamma.dataDir()) + "\"]\n");
    hangUp(alpha);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      Echomesh.Result result = call(gamma, "alpha", "echo", "let me in");
      assertEquals(12, result.exitCode(), "exit 12 is UNAVAILABLE: " + result);
      assertTrue(result.stderr().contains("deny list"), result.toString());
    });
    Echomesh.Result beta = call(this.beta, "alpha", "echo", "hello");
    assertEquals(0, beta.exitCode(), beta.toString());
  }

  private static void hangUp(AgentProcess agent) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).inheritIO().start();
    assertTrue(kill.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
  }
}
