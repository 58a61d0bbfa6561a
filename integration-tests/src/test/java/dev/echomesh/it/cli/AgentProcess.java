package dev.echomesh.it.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code echomesh agent} process on 127.0.0.1 with an ephemeral link port, its log in a file.
 * {@link #close()} always leaves no process behind.
 */
final class AgentProcess implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final Path log;
  private final Process process;
  private int linkPort;

  private AgentProcess(Path dataDir, Path log, Process process) {
    this.dataDir = dataDir;
    this.log = log;
    this.process = process;
  }

  /** Starts an agent ({@code java -jar}) and waits until its control socket answers. */
  static AgentProcess start(Path dataDir, String name, String... peers) throws IOException {
    return start(new ProcessBuilder(Echomesh.command(agentArgs(dataDir, name, peers))), dataDir, name);
  }

  /**
   * Starts an agent through the checkout's launcher, {@code ./echomesh agent ...}, as a user does
   * (the launcher execs the JVM, so this process is the agent's), and waits until its control
   * socket answers.
   */
  static AgentProcess startWithLauncher(Path dataDir, String name, String... peers) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Echomesh.launcher().toString());
    command.addAll(agentArgs(dataDir, name, peers));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(Echomesh.launcherEnvironment());
    return start(builder, dataDir, name);
  }

  private static List<String> agentArgs(Path dataDir, String name, String... peers) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "agent",
                "--data-dir",
                dataDir.toString(),
                "--name",
                name,
                "--port",
                "0",
                "--bind",
                "127.0.0.1"));
    for (String peer : peers) {
      args.add("--peer");
      args.add(peer);
    }
    return args;
  }

  private static AgentProcess start(ProcessBuilder builder, Path dataDir, String name) throws IOException {
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-agent.log");
    Process process =
        builder
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(log.toFile())
            .redirectErrorStream(true)
            .start();
    AgentProcess agent = new AgentProcess(dataDir, log, process);
    try {
      agent.awaitReady();
    } catch (RuntimeException | Error e) {
      agent.close();
      throw new AssertionError("agent " + name + " did not start; its log:\n" + agent.log(), e);
    }
    return agent;
  }

  private void awaitReady() {
    ObjectMapper json = new ObjectMapper();
    await()
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(300))
        .failFast("the agent process exited", () -> !process.isAlive())
        .until(
            () -> {
              Echomesh.Result status =
                  Echomesh.run(
                      dataDir.getParent(), "status", "--json", "--data-dir", dataDir.toString());
              if (status.exitCode() != 0) {
                return false;
              }
              JsonNode node = json.readTree(status.stdout());
              String address = node.get("linkAddress").asText();
              linkPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
              return true;
            });
  }

  /** {@code 127.0.0.1:PORT}: what another agent's {@code --peer} takes. */
  String peerAddress() {
    return "127.0.0.1:" + linkPort;
  }

  int linkPort() {
    return linkPort;
  }

  Path dataDir() {
    return dataDir;
  }

  long pid() {
    return process.pid();
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate() throws InterruptedException {
    process.destroy(); // SIGTERM on Unix
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(
          "the agent did not stop within " + STOP_TIMEOUT + " of SIGTERM; log:\n" + log());
    }
    return process.exitValue();
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
