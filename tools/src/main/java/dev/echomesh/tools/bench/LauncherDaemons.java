package dev.echomesh.tools.bench;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.MeshKey;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two {@code echomesh agent} processes on loopback started through the launcher script as
 * users start them ({@code --bind 127.0.0.1 --no-mdns}): the server, and the client linked to it
 * with {@code --peer}, each with its own data directory in one mesh and its own UDP port.
 */
final class LauncherDaemons implements AutoCloseable {

  static final String SERVER_NAME = "bench-server";
  /** Generous: on two busy cores an agent has taken over a minute to answer. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Path launcher;
  private final Path directory;
  private final List<Process> processes = new ArrayList<>();
  private Path serverDataDir;
  private Path clientDataDir;

  private LauncherDaemons(Path launcher, Path directory) {
    this.launcher = launcher;
    this.directory = directory;
  }

  /** Starts both agents and waits until the client's call to the server's {@code echo} works. */
  static LauncherDaemons start(Path launcher, Path directory) {
    LauncherDaemons daemons = new LauncherDaemons(launcher, directory);
    try {
      daemons.startBoth();
      return daemons;
    } catch (RuntimeException e) {
      daemons.close();
      throw e;
    }
  }

  Path serverDataDir() {
    return serverDataDir;
  }

  Path clientDataDir() {
    return clientDataDir;
  }

  /** The server agent's process ID (the launcher execs the JVM, so it is the JVM's). */
  long serverPid() {
    return processes.get(0).pid();
  }

  /** The client agent's process ID. */
  long clientPid() {
    return processes.get(1).pid();
  }

  /** The environment of a command run against the client agent. */
  Map<String, String> clientEnvironment() {
    return Map.of("ECHOMESH_DATA_DIR", clientDataDir.toString(), "ECHOMESH_CACHE_DIR", directory.resolve("cache").toString());
  }

  private void startBoth() {
    MeshKey meshKey = MeshKey.generate();
    serverDataDir = dataDir("server", meshKey);
    clientDataDir = dataDir("client", meshKey);
    spawn(serverDataDir, SERVER_NAME);
    String serverLink = awaitLink(serverDataDir);
    spawn(clientDataDir, "bench-client", "--peer", serverLink);
    awaitCall();
  }

  private Path dataDir(String name, MeshKey meshKey) {
    Path dataDir = directory.resolve("data-" + name);
    new IdentityStore(DataDirectory.of(dataDir)).join(meshKey.joinCode(), false);
    return dataDir;
  }

  private void spawn(Path dataDir, String name, String... extra) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                launcher.toString(), "agent", "--data-dir", dataDir.toString(), "--name", name, "--bind", "127.0.0.1",
                "--no-mdns", "--port", "0", "--udp-port", Integer.toString(freeUdpPort())));
    argv.addAll(List.of(extra));
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(directory.resolve(name + ".out").toFile())
            .redirectError(directory.resolve(name + ".err").toFile());
    try {
      processes.add(builder.start());
    } catch (IOException e) {
      throw new BenchException("cannot start " + launcher + " agent: " + e.getMessage(), e);
    }
  }

  /** The agent's link address, once its local API answers. */
  private String awaitLink(Path dataDir) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      assertAlive();
      try (ControlClient client = ControlClient.connect(dataDir)) {
        return client.status().linkAddress();
      } catch (IOException e) {
        last = e;
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    throw new BenchException("the agent in " + dataDir + " did not answer within " + READY_TIMEOUT.toSeconds() + " s: " + last);
  }

  private void awaitCall() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      assertAlive();
      try (ControlClient client = ControlClient.connect(clientDataDir)) {
        var outcome = client.call(SERVER_NAME, EchomeshEcho.TASK, "ready".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
        if (outcome.result().isOk()) {
          return;
        }
        last = outcome.result().toString();
      } catch (IOException e) {
        last = e.getMessage();
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    throw new BenchException("the client agent could not call the server within " + READY_TIMEOUT.toSeconds() + " s: " + last);
  }

  private void assertAlive() {
    for (Process process : processes) {
      if (!process.isAlive()) {
        throw new BenchException("an echomesh agent exited with " + process.exitValue() + " (logs in " + directory + ")");
      }
    }
  }

  private static int freeUdpPort() {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BenchException("no free UDP port on loopback: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
