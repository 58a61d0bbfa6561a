package dev.echomesh.tools.bench;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The two {@code echomesh agent} daemons of the files part, as users run them: the sender's on one
 * host, the receiver's (inbox {@code <data-dir>/inbox}) on another, and {@code echomesh send}
 * through the launcher script on the sender's host. The receiver can be killed and started again
 * over the same data directory.
 */
final class FileAgents implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  private final VirtualHost senderHost;
  private final VirtualHost receiverHost;
  private final LauncherFlags.Launch launch;
  private final Path launcher;
  private final Path cacheDir;
  private final Path senderDataDir;
  private final Path receiverDataDir;
  private final String receiverId;
  private final LanAgent sender;
  private LanAgent receiver;

  private FileAgents(VirtualHost senderHost, VirtualHost receiverHost, LauncherFlags.Launch launch, Path launcher,
      Path directory, MeshKey meshKey) {
    this.senderHost = senderHost;
    this.receiverHost = receiverHost;
    this.launch = launch;
    this.launcher = launcher;
    this.cacheDir = directory.resolve("cli-cache");
    this.senderDataDir = join(directory.resolve("data-sender"), meshKey);
    this.receiverDataDir = join(directory.resolve("data-receiver"), meshKey);
    this.receiverId = new IdentityStore(DataDirectory.of(receiverDataDir)).nodeId().toString();
    this.sender = LanAgent.startDaemon(senderHost, launch, senderDataDir,
        new IdentityStore(DataDirectory.of(senderDataDir)).nodeId().toString());
    this.receiver = LanAgent.startDaemon(receiverHost, launch, receiverDataDir, receiverId);
  }

  /**
   * Starts both daemons and waits until the sender's agent can call the receiver's.
   *
   * @param directory where their data directories go (a directory of the LAN)
   * @param launcher the {@code ./echomesh} script {@code echomesh send} runs through
   */
  static FileAgents start(VirtualHost senderHost, VirtualHost receiverHost, LauncherFlags.Launch launch,
      Path launcher, Path directory, MeshKey meshKey) {
    FileAgents agents = new FileAgents(senderHost, receiverHost, launch, launcher, directory, meshKey);
    try {
      agents.awaitLinked();
      return agents;
    } catch (RuntimeException e) {
      agents.close();
      throw e;
    }
  }

  private static Path join(Path dataDir, MeshKey meshKey) {
    new IdentityStore(DataDirectory.of(dataDir)).join(meshKey.joinCode(), false);
    return dataDir;
  }

  LanAgent sender() {
    return sender;
  }

  LanAgent receiver() {
    return receiver;
  }

  Path senderDataDir() {
    return senderDataDir;
  }

  /** The receiver's name, as {@code echomesh send} names the peer. */
  String receiverName() {
    return LanAgent.daemonName(receiverHost);
  }

  /** Where the receiver writes what it gets. */
  Path inbox() {
    return receiverDataDir.resolve("inbox");
  }

  /**
   * Runs {@code echomesh send} through the launcher on the sender's host and returns the
   * nanoseconds from spawn to exit.
   *
   * @throws BenchException when it fails or takes longer than {@code timeout}
   */
  long send(List<Path> paths, Duration timeout) {
    List<String> argv = new ArrayList<>(List.of("env", "ECHOMESH_CACHE_DIR=" + cacheDir, launcher.toString(), "send",
        "--data-dir", senderDataDir.toString(), "--json", receiverName()));
    paths.forEach(path -> argv.add(path.toString()));
    long start = System.nanoTime();
    HostProcess send = senderHost.start(argv);
    int exit;
    try {
      exit = send.waitFor(timeout);
    } catch (IllegalStateException e) {
      send.kill9();
      throw new BenchException("echomesh send took longer than " + timeout.toSeconds() + " s", e);
    }
    long nanos = System.nanoTime() - start;
    if (exit != 0) {
      throw new BenchException("echomesh send exited with " + exit + ": " + LanAgent.tail(send.stdout() + send.stderr()));
    }
    return nanos;
  }

  /** Kills the receiver's daemon with SIGKILL. */
  void killReceiver() {
    receiver.kill9();
  }

  /** Starts the receiver's daemon again over its data directory, and waits until it can be called. */
  void restartReceiver() {
    receiver = LanAgent.startDaemon(receiverHost, launch, receiverDataDir, receiverId);
    awaitLinked();
  }

  /** Waits until a call from the sender's agent to the receiver's {@code echo} works. */
  void awaitLinked() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() - deadline < 0) {
      if (!sender.isAlive() || !receiver.isAlive()) {
        throw new BenchException("an echomesh agent exited: " + LanAgent.tail(sender.stderr() + receiver.stderr()));
      }
      try (ControlClient client = ControlClient.connect(senderDataDir)) {
        var outcome = client.call(receiverName(), EchomeshEcho.TASK, "ready".getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT);
        if (outcome.result().isOk()) {
          return;
        }
        last = outcome.result().toString();
      } catch (IOException | RuntimeException e) {
        last = e.getMessage();
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new BenchException("the sender's agent could not call the receiver's within " + READY_TIMEOUT.toSeconds()
        + " s: " + last);
  }

  @Override
  public void close() {
    for (LanAgent agent : List.of(sender, receiver)) {
      if (agent.isAlive()) {
        agent.kill9();
      }
    }
  }
}
