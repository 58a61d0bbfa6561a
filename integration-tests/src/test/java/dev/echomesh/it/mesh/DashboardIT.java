package dev.echomesh.it.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.ExecResult;
import dev.echomesh.tools.lan.VirtualLan;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard in headless Chromium, run inside h1's network namespace against h1's agent, whose
 * local API listens on 127.0.0.1 there: the page lists h2 and h3, and a call made through the
 * page's form (started by the {@code #call=} fragment, the form's own submit path) shows its
 * result. The test keeps a screenshot in {@code target/dashboard-it/dashboard.png}.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

  private static final Duration PATIENCE = MeshIT.PATIENCE;
  private static final Duration POLL = MeshIT.POLL;
  private static final String API_LISTEN = "127.0.0.1:47280";
  /** How long the page may take to show the peers, their tasks and the call's result. */
  private static final Duration PAGE_PATIENCE = Duration.ofSeconds(45);
  private static final Duration CHROMIUM_TIMEOUT = Duration.ofSeconds(120);
  private static final Path SCREENSHOT_DIR = Path.of("target", "dashboard-it");

  private VirtualLan lan;
  private LanAgent h1;
  private LanAgent h2;
  private LanAgent h3;

  @BeforeAll
  void startMesh() throws IOException {
    boolean required = "1".equals(System.getenv("ECHOMESH_REQUIRE_NETNS"));
    assumeTrue(required || onPath("chromium"), "chromium is not installed (Debian package chromium)");
    lan = VirtualLan.create(3);
    try {
      Path dir = lan.directory();
      Path[] dataDirs = {dir.resolve("h1"), dir.resolve("h2"), dir.resolve("h3")};
      String joinCode = LanAgent.newMesh(dataDirs[0]);
      LanAgent.join(dataDirs[1], joinCode);
      LanAgent.join(dataDirs[2], joinCode);
      h1 = LanAgent.on(lan.host(1), dataDirs[0], List.of(), "--api-listen", API_LISTEN).start();
      h2 = LanAgent.on(lan.host(2), dataDirs[1], List.of()).start();
      h3 = LanAgent.on(lan.host(3), dataDirs[2], List.of()).start();
      await("h1 sees h2 and h3 ALIVE")
          .atMost(PATIENCE)
          .pollInterval(POLL)
          .until(() -> isAlive(h1, h2) && isAlive(h1, h3));
    } catch (RuntimeException | Error e) {
      closeLan(e);
      throw e;
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return java.util.Arrays.stream(path.split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }

  private static boolean isAlive(LanAgent observer, LanAgent other) throws IOException {
    return observer.peer(other).map(p -> p.state() == PeerState.ALIVE).orElse(false);
  }

  @AfterAll
  void closeMesh() {
    closeLan(null);
  }

  @Test
  void page_threeHostMesh_listsThePeersAndShowsTheResultOfACallFromTheForm() throws Exception {
    Cli.Result printed = Cli.run(lan.directory(), "dashboard", "--url", "--data-dir", h1.dataDir().toString());
    assertEquals(0, printed.exitCode(), printed.toString());
    String url = printed.stdout().strip();
    assertTrue(url.startsWith("http://" + API_LISTEN + "/#token="), url);
    String page = url + "&call=" + h2.name() + "/reverse/hello-from-the-page";

    Files.createDirectories(SCREENSHOT_DIR);
    Path screenshot = SCREENSHOT_DIR.resolve("dashboard.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);

    ExecResult loaded = chromium(page, screenshot);
    String dom = loaded.stdout();

    assertEquals(0, loaded.exitCode(), "the page did not settle:\n" + loaded.stdout() + loaded.stderr());
    for (LanAgent peer : List.of(h2, h3)) {
      assertTrue(dom.contains("data-id=\"" + peer.nodeId() + "\""), "no row for " + peer.name() + ":\n" + dom);
      assertTrue(rowOf(dom, peer).contains(">ALIVE<"), rowOf(dom, peer));
      assertTrue(rowOf(dom, peer).contains(">" + peer.host().mac() + "<"), rowOf(dom, peer));
      assertTrue(rowOf(dom, peer).contains(">reverse<"), "tasks not listed: " + rowOf(dom, peer));
    }
    assertEquals("egap-eht-morf-olleh", textOf(dom, "result-payload"), dom);
    assertEquals("OK", textOf(dom, "result-status"), dom);
    assertEquals("live", textOf(dom, "connection"), dom);
    assertTrue(Files.size(screenshot) > 0, "no screenshot at " + screenshot);
  }

  /** The text inside the element with {@code id} (which holds no other element). */
  private static String textOf(String dom, String id) {
    Matcher element = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
    return element.find() ? element.group(1) : "(no element " + id + ")";
  }

  /** The HTML of {@code peer}'s row in the peers table. */
  private static String rowOf(String dom, LanAgent peer) {
    Matcher row = Pattern.compile("<tr data-id=\"" + Pattern.quote(peer.nodeId().toString()) + "\">(.*?)</tr>")
        .matcher(dom);
    return row.find() ? row.group(1) : "";
  }

  /**
   * Runs headless Chromium in h1's namespace on {@code url} with a fresh profile, driven through
   * the DevTools protocol by {@code cdp_page.py}: waits until the page shows two peers with their
   * tasks and a call result, then prints its DOM and saves {@code screenshot}. Exit 3: it did not.
   */
  private ExecResult chromium(String url, Path screenshot) throws IOException {
    Path profile = Files.createTempDirectory(lan.directory(), "chromium");
    Path script = lan.directory().resolve("cdp_page.py");
    try (InputStream in = DashboardIT.class.getResourceAsStream("/dashboard/cdp_page.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    String flags = new ObjectMapper().writeValueAsString(List.of("chromium", "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    String settled = "document.querySelectorAll('#peers tbody tr').length >= 2"
        + " && [...document.querySelectorAll('#peers td.tasks')].every(cell => cell.querySelector('.task'))"
        + " && !['', 'calling...'].includes(document.getElementById('result-status').textContent)";
    return h1.host().exec(CHROMIUM_TIMEOUT, "python3", script.toString(), flags, url, settled,
        screenshot.toString(), Long.toString(PAGE_PATIENCE.toSeconds()));
  }

  private void closeLan(Throwable failure) {
    if (lan == null) {
      return;
    }
    try {
      if (failure != null) {
        System.err.println(lan.describe());
      }
      lan.close();
    } finally {
      lan = null;
    }
  }
}
