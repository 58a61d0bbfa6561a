package dev.echomesh.tools;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the command tests that talk to a running (fake) agent: each test gets a fresh data
 * directory with a control socket served by {@link AgentFixture}, and a {@link CliRun} on it.
 */
abstract class RunningAgentTest {

  @TempDir Path dataDir;
  AgentFixture fixture;
  CliRun cli;

  @BeforeEach
  void startAgent() throws IOException {
    fixture = new AgentFixture(dataDir);
    cli = new CliRun(dataDir);
  }

  @AfterEach
  void stopAgent() {
    fixture.close();
  }
}
