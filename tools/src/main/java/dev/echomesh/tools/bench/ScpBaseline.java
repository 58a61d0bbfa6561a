package dev.echomesh.tools.bench;

import dev.echomesh.tools.lan.ExecResult;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * What users would run instead of echomesh: OpenSSH's {@code scp} to an {@code sshd} on another
 * host of the virtual LAN, both with their defaults but for what a private test server needs (its
 * own host key, one authorized key, no PAM, and the {@code sftp} subsystem that {@code scp} uses
 * since OpenSSH 9.0). Keys and configuration live in a directory of the LAN, removed with it.
 */
final class ScpBaseline implements AutoCloseable {

  static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final List<Path> SFTP_SERVERS =
      List.of(Path.of("/usr/lib/openssh/sftp-server"), Path.of("/usr/libexec/openssh/sftp-server"),
          Path.of("/usr/libexec/sftp-server"));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);

  private final VirtualHost server;
  private final Path directory;
  private final HostProcess sshd;

  private ScpBaseline(VirtualHost server, Path directory, HostProcess sshd) {
    this.server = server;
    this.directory = directory;
    this.sshd = sshd;
  }

  /**
   * Why scp cannot be measured here, if it cannot: sshd needs root (its privilege separation calls
   * {@code setgroups}, which a user namespace made without root refuses) and OpenSSH installed.
   */
  static Optional<String> unavailability() {
    if (!VirtualLan.isRoot()) {
      return Optional.of("sshd cannot run on the virtual LAN without root: in a user namespace made without root"
          + " its privilege separation fails (setgroups: Operation not permitted); run the benchmark as root");
    }
    if (!Files.isExecutable(SSHD)) {
      return Optional.of(SSHD + " is missing: install OpenSSH's server (apt-get install openssh-server)");
    }
    if (CliSuite.onPath("scp").isEmpty() || CliSuite.onPath("ssh-keygen").isEmpty()) {
      return Optional.of("scp or ssh-keygen is not on the PATH: install OpenSSH's client (apt-get install openssh-client)");
    }
    return Optional.empty();
  }

  /**
   * Starts sshd on {@code server}, listening on its LAN address, with keys made in {@code directory}.
   *
   * @throws BenchException when it does not listen within 30 s
   */
  static ScpBaseline start(VirtualHost server, Path directory) {
    try {
      Files.createDirectories(directory);
      server.exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory.resolve("host_key").toString())
          .requireSuccess();
      server.exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory.resolve("client_key").toString())
          .requireSuccess();
      Files.copy(directory.resolve("client_key.pub"), directory.resolve("authorized_keys"));
      Path config = directory.resolve("sshd_config");
      Files.writeString(config, String.join("\n",
          "ListenAddress " + server.ip().getHostAddress(),
          "Port 22",
          "HostKey " + directory.resolve("host_key"),
          "PidFile " + directory.resolve("sshd.pid"),
          "AuthorizedKeysFile " + directory.resolve("authorized_keys"),
          "PubkeyAuthentication yes",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "PermitRootLogin prohibit-password",
          "StrictModes no",
          "UsePAM no",
          "Subsystem sftp " + sftpServer(),
          ""));
      // The privilege separation directory, in the LAN's own /run.
      server.exec("mkdir", "-p", "/run/sshd").requireSuccess();
      HostProcess sshd = server.start(SSHD.toString(), "-D", "-e", "-f", config.toString());
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!sshd.stderr().contains("Server listening on")) {
        if (!sshd.isAlive() || System.nanoTime() - deadline > 0) {
          sshd.kill9();
          throw new BenchException("sshd did not start on " + server.name() + ": " + LanAgent.tail(sshd.stderr()));
        }
        LockSupport.parkNanos(POLL.toNanos());
      }
      return new ScpBaseline(server, directory, sshd);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up sshd in " + directory, e);
    } catch (IllegalStateException e) {
      throw new BenchException("cannot set up sshd: " + e.getMessage(), e);
    }
  }

  private static String sftpServer() {
    return SFTP_SERVERS.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElse("internal-sftp");
  }

  /** The OpenSSH version, as {@code ssh -V} prints it. */
  String version() {
    ExecResult result = server.exec("ssh", "-V");
    return (result.stderr() + result.stdout()).strip();
  }

  /**
   * Copies {@code source} (a file, or with {@code recursive} a directory) from {@code client} to
   * {@code target} on the server with scp, and returns the nanoseconds from spawn to exit.
   *
   * @throws BenchException when scp fails or takes longer than {@code timeout}
   */
  long copy(VirtualHost client, Path source, Path target, boolean recursive, Duration timeout) {
    List<String> argv = new ArrayList<>(List.of("scp", "-q"));
    if (recursive) {
      argv.add("-r");
    }
    argv.addAll(List.of("-i", directory.resolve("client_key").toString(), "-F", "/dev/null",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
        "-o", "LogLevel=ERROR", source.toString(),
        System.getProperty("user.name") + "@" + server.ip().getHostAddress() + ":" + target));
    long start = System.nanoTime();
    HostProcess scp = client.start(argv);
    int exit;
    try {
      exit = scp.waitFor(timeout);
    } catch (IllegalStateException e) {
      scp.kill9();
      throw new BenchException("scp of " + source.getFileName() + " took longer than " + timeout.toSeconds() + " s", e);
    }
    long nanos = System.nanoTime() - start;
    if (exit != 0) {
      throw new BenchException("scp of " + source.getFileName() + " exited with " + exit + ": "
          + LanAgent.tail(scp.stderr() + " " + sshd.stderr()));
    }
    return nanos;
  }

  @Override
  public void close() {
    if (sshd.isAlive()) {
      sshd.kill9();
    }
  }
}
