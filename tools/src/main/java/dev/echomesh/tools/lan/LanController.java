package dev.echomesh.tools.lan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process that owns the LAN's namespaces.
 *
 * <p>{@code unshare --user --map-root-user --net --mount --pid --fork} starts a shell that is PID
 * 1 of a private PID namespace, with its own user, network and mount namespaces (without
 * {@code --user --map-root-user} in the privileged mode, for root: see {@link
 * VirtualLan#createPrivileged}). It mounts a
 * private {@code /run} (so {@code ip netns} never writes to the machine's {@code /run/netns}),
 * creates the bridge, says {@code ready} and then reads its standard input until end of file.
 * Everything else enters its namespaces with {@code nsenter}, so every process of the LAN lives in
 * its PID namespace. When the controller exits, the kernel kills all of them: closing its standard
 * input (by {@link #close()}, or by the death of this JVM, which closes the pipe) removes the whole
 * LAN. {@code --kill-child} also kills it should {@code unshare} itself be killed.
 */
final class LanController implements AutoCloseable {

  static final String BRIDGE = "br0";

  private static final String SCRIPT = String.join("\n",
      "set -e",
      "mount -t tmpfs -o mode=0755 echomesh-lan /run",
      "mkdir /run/netns",
      "ip link set lo up",
      // A plain switch: flood multicast (mDNS) instead of snooping group memberships.
      "ip link add " + BRIDGE + " type bridge mcast_snooping 0",
      "ip link set " + BRIDGE + " up",
      "echo ready",
      "while read -r _; do :; done");

  private final Process unshare;
  private final ProcessHandle controller;
  private final String userNamespace;
  private final boolean ownUserNamespace;
  /** The PID namespace every LAN process lives in, as {@code /proc/PID/ns/pid} shows it. */
  private final String pidNamespace;
  private final Path scratch;
  private final Path workDirectory;

  private LanController(Process unshare, ProcessHandle controller, String userNamespace, boolean ownUserNamespace,
      String pidNamespace, Path scratch, Path workDirectory) {
    this.unshare = unshare;
    this.controller = controller;
    this.userNamespace = userNamespace;
    this.ownUserNamespace = ownUserNamespace;
    this.pidNamespace = pidNamespace;
    this.scratch = scratch;
    this.workDirectory = workDirectory;
  }

  /**
   * Starts a controller and waits until its bridge is up.
   *
   * @param scratch home of the controller's own files and of command output
   * @param workDirectory working directory of every LAN process
   * @param ownUserNamespace true: the LAN gets its own user namespace (works without root where
   *     user namespaces are enabled); false: it stays in this process's, which needs root
   * @throws IllegalStateException with the controller's error output when it cannot start
   */
  static LanController start(Path scratch, Path workDirectory, Duration timeout, boolean ownUserNamespace) {
    Path errors = scratch.resolve("controller.err");
    List<String> argv = new ArrayList<>(List.of("unshare"));
    if (ownUserNamespace) {
      argv.addAll(List.of("--user", "--map-root-user"));
    }
    argv.addAll(List.of("--net", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c", SCRIPT));
    Process unshare;
    try {
      unshare = Processes.builder(argv)
          .directory(scratch.toFile())
          .redirectError(errors.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run unshare (util-linux)", e);
    }
    try {
      String line = readLine(unshare, timeout);
      if (!"ready".equals(line)) {
        throw new IllegalStateException("the LAN controller did not start: " + Processes.read(errors).strip());
      }
      ProcessHandle controller = unshare.toHandle().children().findFirst()
          .orElseThrow(() -> new IllegalStateException("the LAN controller vanished after starting"));
      Path namespaces = Path.of("/proc", Long.toString(controller.pid()), "ns");
      String userNamespace = Files.readSymbolicLink(namespaces.resolve("user")).toString();
      String pidNamespace = Files.readSymbolicLink(namespaces.resolve("pid")).toString();
      return new LanController(unshare, controller, userNamespace, ownUserNamespace, pidNamespace, scratch,
          workDirectory);
    } catch (IOException | RuntimeException e) {
      Processes.killTree(unshare.toHandle());
      if (e instanceof IOException) {
        throw new UncheckedIOException("cannot start the LAN controller", (IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  /** The user namespace of every LAN process, as {@code /proc/PID/ns/user} shows it. */
  String userNamespace() {
    return userNamespace;
  }

  /** The argv that runs {@code argv} in the controller's namespaces (where the bridge is). */
  List<String> inController(List<String> argv) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(controller.pid())));
    if (ownUserNamespace) {
      full.addAll(List.of("--user", "--preserve-credentials"));
    }
    full.addAll(List.of("--mount", "--net", "--pid", "--wd=" + workDirectory));
    full.addAll(argv);
    return full;
  }

  /** The argv that runs {@code argv} in the network namespace of host {@code host}. */
  List<String> inHost(String host, List<String> argv) {
    List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", host));
    inside.addAll(argv);
    return inController(inside);
  }

  /** Runs {@code argv} in the controller's namespaces. */
  ExecResult run(Duration timeout, List<String> argv) {
    return Processes.run(inController(argv), argv, scratch, timeout);
  }

  /** Runs a shell script in the controller's namespaces and fails unless it succeeds. */
  void runScript(Duration timeout, String script) {
    run(timeout, List.of("sh", "-c", "set -e\n" + script)).requireSuccess();
  }

  /**
   * Ends the controller and with it every process of the LAN.
   *
   * @return the IDs of LAN processes still alive after {@code timeout}; normally none
   */
  List<Long> close(Duration timeout) {
    try {
      unshare.getOutputStream().close();
    } catch (IOException e) {
      // Its stdin pipe is already broken: the controller is gone or going; the kill below covers it.
    }
    if (!Processes.waitFor(unshare, timeout)) {
      // SIGKILL to PID 1 of the namespace takes every process of the LAN with it.
      controller.destroyForcibly();
      Processes.killTree(unshare.toHandle());
      Processes.waitFor(unshare, timeout);
    }
    return Processes.awaitNamespaceEmpty("pid", pidNamespace, timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static String readLine(Process process, Duration timeout) {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        line.complete(in.readLine());
      } catch (IOException e) {
        line.completeExceptionally(e);
      }
    }, "lan-controller-ready");
    reader.setDaemon(true);
    reader.start();
    try {
      return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the LAN controller was not ready within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read from the LAN controller", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the LAN controller", e);
    }
  }
}
