package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.control.ApiToken;
import dev.echomesh.agent.control.ControlConfig;
import dev.echomesh.agent.control.ControlServer;
import dev.echomesh.agent.testing.FakeAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCommandTest {

  @TempDir Path dataDir;

  @Test
  void dashboard_listenerOff_exit1NamingTheFlag() throws IOException {
    try (AgentFixture fixture = new AgentFixture(dataDir)) {
      CliRun.Result result = new CliRun(dataDir).run("dashboard", "--url");
      assertEquals(1, result.exitCode(), result.toString());
      assertTrue(result.stderr().contains("--api-listen"), result.stderr());
      assertEquals("", result.stdout());
    }
  }

  @Test
  void dashboardUrl_listenerOn_printsTheUrlWithTheToken() throws IOException {
    try (FakeAgent agent = new FakeAgent("self");
        ControlServer server = ControlServer.bind(dataDir, ControlConfig.defaults())) {
      int port =
          server.listenTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
      server.start(agent);
      CliRun.Result result = new CliRun(dataDir).run("dashboard", "--url");
      assertEquals(0, result.exitCode(), result.toString());
      assertEquals(
          "http://127.0.0.1:" + port + "/#token=" + ApiToken.loadOrCreate(dataDir).value() + "\n",
          result.stdout());
    }
  }
}
