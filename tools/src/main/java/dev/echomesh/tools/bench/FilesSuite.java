package dev.echomesh.tools.bench;

import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Files between two hosts of a private virtual LAN: a big file and a tree of small ones with
 * {@code echomesh send} (two real agents, the command through the launcher), with {@code scp}
 * (sshd on the receiving host) and, for the big file, over one TLS stream; the agents' RSS during
 * the big transfer; and what a resume after {@code kill -9} of the receiver sends twice.
 *
 * <p>As root the LAN shares this process's user namespace, since sshd cannot run in one made
 * without root (see {@link VirtualLan#createPrivileged}); otherwise scp's figures are missing with
 * that reason. Every file is written inside the LAN's directory, which is removed with it.
 */
final class FilesSuite {

  private static final int SENDER_HOST = 1;
  private static final int RECEIVER_HOST = 2;
  private static final int TLS_PORT = 40443;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final double NANOS_PER_SECOND = 1e9;

  private final BenchPlan plan;
  private final FilesPlan files;
  private final BenchCredentials credentials;
  private final Consumer<String> progress;

  FilesSuite(BenchPlan plan, BenchCredentials credentials, Consumer<String> progress) {
    this.plan = plan;
    this.files = FilesPlan.of(plan.mode());
    this.credentials = credentials;
    this.progress = progress;
  }

  FilesResults run() {
    VirtualLan.Availability availability = VirtualLan.availability();
    if (!availability.available()) {
      return FilesResults.skipped("network namespaces unavailable: " + availability.reason(), files);
    }
    Optional<Path> launcher = LauncherFlags.locate();
    if (launcher.isEmpty()) {
      return FilesResults.skipped("no launcher script found (run ./echomesh bench from a source checkout, or set "
          + LauncherFlags.SCRIPT_ENV + ")", files);
    }
    LauncherFlags.Launch launch;
    try {
      launch = LauncherFlags.ask(launcher.get());
    } catch (IllegalStateException e) {
      return FilesResults.skipped(e.getMessage(), files);
    }
    Optional<String> noScp = ScpBaseline.unavailability();
    try (VirtualLan lan = noScp.isEmpty() ? VirtualLan.createPrivileged(2) : VirtualLan.create(2)) {
      return new Run(lan, launch, launcher.get(), noScp).measure();
    } catch (RuntimeException e) {
      return FilesResults.skipped("the virtual LAN failed: " + e.getMessage(), files);
    }
  }

  /** One LAN's measurements. */
  private final class Run {
    final VirtualLan lan;
    final VirtualHost sender;
    final VirtualHost receiver;
    final LauncherFlags.Launch launch;
    final Path launcher;
    final Optional<String> noScp;
    final Path work;
    final Path data;
    final Path meshKeyFile;

    Run(VirtualLan lan, LauncherFlags.Launch launch, Path launcher, Optional<String> noScp) {
      this.lan = lan;
      this.sender = lan.host(SENDER_HOST);
      this.receiver = lan.host(RECEIVER_HOST);
      this.launch = launch;
      this.launcher = launcher;
      this.noScp = noScp;
      this.work = lan.directory();
      this.data = directory("data");
      this.meshKeyFile = LanSuite.writeMeshKey(work, credentials.meshKey());
    }

    FilesResults measure() {
      progress.accept(String.format("files: writing %.0f MiB and %,d files of %d B", files.bigFileMiB(),
          files.smallFiles(), files.smallFileBytes()));
      Path big = FilesData.bigFile(data, files.bigFileBytes(), FilesData.BIG_FILE);
      Path tree = FilesData.tree(data, files);
      progress.accept("files: two echomesh agents on " + sender.name() + " and " + receiver.name());
      try (FileAgents agents = FileAgents.start(sender, receiver, launch, launcher, work, credentials.meshKey())) {
        // The first `echomesh send` makes the launcher's class-data archive, as a user's first run does.
        agents.send(List.of(tree.resolve("d000").resolve("f00000.bin")), files.transferTimeout());
        double[] idle = {agents.sender().rssMedianMiB(), agents.receiver().rssMedianMiB()};

        progress.accept("files: echomesh send, " + FilesData.BIG_FILE);
        double[] peaks = {Double.NaN, Double.NaN};
        Measured<Double> echomeshBig = attempt(() -> {
          try (RssSampler rss = RssSampler.start(List.of(agents.sender(), agents.receiver()))) {
            long nanos = agents.send(List.of(big), files.transferTimeout());
            System.arraycopy(rss.peaksMiB(), 0, peaks, 0, 2);
            requireSize(agents.inbox().resolve(FilesData.BIG_FILE), files.bigFileBytes());
            return files.bigFileMiB() / (nanos / NANOS_PER_SECOND);
          } finally {
            FilesData.delete(agents.inbox().resolve(FilesData.BIG_FILE));
          }
        });
        long bigDone = System.nanoTime();
        Measured<Double> rssAbove = echomeshBig.present()
            ? Measured.of(Math.max(peaks[0] - idle[0], peaks[1] - idle[1]))
            : Measured.missing("the big transfer failed: " + echomeshBig.reason().orElseThrow());

        progress.accept("files: the TLS stream floor, " + FilesData.BIG_FILE);
        Measured<Double> tlsBig = attempt(() -> tlsFloor(big));

        Measured<Double> scpBig;
        Measured<Double> scpSmall;
        String ssh = "";
        if (noScp.isPresent()) {
          scpBig = Measured.missing(noScp.get());
          scpSmall = Measured.missing(noScp.get());
        } else {
          Scp scp = scp(big, tree);
          scpBig = scp.big;
          scpSmall = scp.small;
          ssh = scp.version;
        }
        Measured<Double> rssAfterSeconds = Measured.of((System.nanoTime() - bigDone) / NANOS_PER_SECOND);
        Measured<Double> rssAfter = rssAbove.present()
            ? attempt(() -> Math.max(agents.sender().rssMiB() - idle[0], agents.receiver().rssMiB() - idle[1]))
            : rssAbove;

        progress.accept(String.format("files: echomesh send, %,d files", files.smallFiles()));
        Measured<Double> echomeshSmall = attempt(() -> {
          try {
            long nanos = agents.send(List.of(tree), files.transferTimeout());
            requireCount(agents.inbox().resolve(FilesData.TREE), files.smallFiles());
            return files.smallFiles() / (nanos / NANOS_PER_SECOND);
          } finally {
            FilesData.delete(agents.inbox().resolve(FilesData.TREE));
          }
        });

        progress.accept("files: kill -9 of the receiver half-way through " + FilesData.BIG_FILE + ", then resume");
        Measured<ResumeProbe.Result> resume = attempt(() -> ResumeProbe.measure(agents, big, files.transferTimeout()));
        return new FilesResults(files.bigFileMiB(), files.smallFiles(), files.smallFileBytes(), echomeshBig, scpBig,
            tlsBig, echomeshSmall, scpSmall, Measured.of(Math.max(idle[0], idle[1])), rssAbove, rssAfter,
            rssAfterSeconds, resume.map(r -> r.resentBytes() / (double) FilesPlan.MIB),
            resume.map(r -> r.killedAtBytes() / (double) FilesPlan.MIB), transports(ssh));
      }
    }

    private String transports(String ssh) {
      return "echomesh send through the launcher to an echomesh agent (TLS 1.3 link, SHA-256 verified before"
          + " rename, no fsync: files.fsync is off by default); scp: "
          + (ssh.isEmpty() ? "not run" : ssh + " with its default cipher, to sshd on the receiving host") + "; TLS floor: one JSSE TLS 1.3 socket (" + StreamPingPong.TLS_SUITE
          + "), file to file";
    }

    /** The big file over one TLS stream: MiB/s from connected to acknowledged. */
    private double tlsFloor(Path big) {
      Path received = work.resolve("tls-received.bin");
      HostProcess listener = receiver.start(ProbeCommands.java(launch, TlsStreamMain.class, "receive",
          meshKeyFile.toString(), Integer.toString(TLS_PORT), received.toString()));
      try {
        awaitLine(listener, "listening");
        HostProcess send = sender.start(ProbeCommands.java(launch, TlsStreamMain.class, "send", meshKeyFile.toString(),
            receiver.ip().getHostAddress(), Integer.toString(TLS_PORT), big.toString()));
        int exit = send.waitFor(files.transferTimeout());
        if (exit != 0) {
          throw new BenchException("the TLS stream sender exited with " + exit + ": " + LanAgent.tail(send.stderr()));
        }
        String[] words = send.stdout().strip().split(" ");
        if (words.length != 3 || !words[0].equals("sent")) {
          throw new BenchException("the TLS stream sender printed " + send.stdout().strip());
        }
        requireSize(received, files.bigFileBytes());
        return files.bigFileMiB() / (Long.parseLong(words[2]) / NANOS_PER_SECOND);
      } finally {
        if (listener.isAlive()) {
          listener.kill9();
        }
        FilesData.delete(received);
      }
    }

    private record Scp(Measured<Double> big, Measured<Double> small, String version) {}

    private Scp scp(Path big, Path tree) {
      progress.accept("files: sshd on " + receiver.name() + ", scp " + FilesData.BIG_FILE + " and scp -r of the files");
      ScpBaseline ssh;
      try {
        ssh = ScpBaseline.start(receiver, work.resolve("ssh"));
      } catch (BenchException e) {
        return new Scp(Measured.missing(e.getMessage()), Measured.missing(e.getMessage()), "");
      }
      try (ssh) {
        Path target = directory("scp-received");
        // A first connection, as the first echomesh send made its class archive.
        attempt(() -> (double) ssh.copy(sender, tree.resolve("d000").resolve("f00000.bin"), target, false,
            files.transferTimeout()));
        Measured<Double> bigRate = attempt(() -> {
          try {
            long nanos = ssh.copy(sender, big, target.resolve(FilesData.BIG_FILE), false, files.transferTimeout());
            requireSize(target.resolve(FilesData.BIG_FILE), files.bigFileBytes());
            return files.bigFileMiB() / (nanos / NANOS_PER_SECOND);
          } finally {
            FilesData.delete(target.resolve(FilesData.BIG_FILE));
          }
        });
        Measured<Double> smallRate = attempt(() -> {
          try {
            long nanos = ssh.copy(sender, tree, target.resolve(FilesData.TREE), true, files.transferTimeout());
            requireCount(target.resolve(FilesData.TREE), files.smallFiles());
            return files.smallFiles() / (nanos / NANOS_PER_SECOND);
          } finally {
            FilesData.delete(target.resolve(FilesData.TREE));
          }
        });
        return new Scp(bigRate, smallRate, ssh.version());
      }
    }

    private Path directory(String name) {
      try {
        return Files.createDirectories(work.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make " + work.resolve(name), e);
      }
    }
  }

  /** The figure {@code measurement} returns, or why it failed. */
  private static <T> Measured<T> attempt(Supplier<T> measurement) {
    try {
      return Measured.of(measurement.get());
    } catch (BenchException | IllegalStateException | UncheckedIOException e) {
      return Measured.missing(e.getMessage());
    }
  }

  private static void awaitLine(HostProcess process, String line) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!process.stdout().contains(line)) {
      if (!process.isAlive() || System.nanoTime() - deadline > 0) {
        throw new BenchException(process + " did not print '" + line + "': " + LanAgent.tail(process.stderr()));
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private static void requireSize(Path file, long bytes) {
    long size = file.toFile().length();
    if (size != bytes) {
      throw new BenchException(file.getFileName() + " arrived with " + size + " bytes instead of " + bytes);
    }
  }

  private static void requireCount(Path root, int expected) {
    long[] counted = Files.isDirectory(root) ? FilesData.count(root) : new long[2];
    if (counted[0] != expected) {
      throw new BenchException(counted[0] + " of " + expected + " files arrived under " + root.getFileName());
    }
  }
}
