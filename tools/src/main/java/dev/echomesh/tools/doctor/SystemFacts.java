package dev.echomesh.tools.doctor;

import dev.echomesh.agent.control.AgentNotRunningException;
import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.discovery.InterfaceSource;
import dev.echomesh.agent.discovery.LocalInterface;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Facts} read from this machine ({@code /proc}, nft, iptables-save) and its agent. */
final class SystemFacts implements Facts {

  /** How long nft or iptables-save may take before the check is skipped. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  /** How long a test connection to a peer's link port may take. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long the agent's liveness counters are watched: long enough for a few pings of every peer
   * at the default ping interval (200 ms), short enough for an impatient operator.
   */
  static final Duration COUNTER_WINDOW = Duration.ofSeconds(2);

  /** How long the agent may take to answer a local API request. */
  static final Duration AGENT_TIMEOUT = Duration.ofSeconds(5);

  /** The most output read from nft or iptables-save (bounded memory). */
  static final int MAX_COMMAND_OUTPUT_BYTES = 16 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(SystemFacts.class);

  private static final Path PROC = Path.of("/proc");

  private final Path dataDir;

  SystemFacts(Path dataDir) {
    this.dataDir = dataDir;
  }

  @Override
  public List<LocalInterface> interfaces() throws IOException {
    return InterfaceSource.system().interfaces();
  }

  @Override
  public String procNetRoute() throws Unavailable {
    return read(PROC.resolve("net/route"));
  }

  @Override
  public String nftRuleset() throws Unavailable {
    return run("nft", "-j", "list", "ruleset");
  }

  @Override
  public String iptablesSave() throws Unavailable {
    return run("iptables-save");
  }

  @Override
  public List<Socket> sockets() throws Unavailable {
    List<Socket> sockets = new ArrayList<>();
    for (String protocol : List.of("tcp", "udp")) {
      sockets.addAll(Socket.parse(protocol, read(PROC.resolve("net/" + protocol))));
      Path six = PROC.resolve("net/" + protocol + "6");
      if (Files.exists(six)) {
        sockets.addAll(Socket.parse(protocol, read(six)));
      }
    }
    return sockets;
  }

  @Override
  public Map<Long, PortOwnerCheck.Owner> socketOwners() {
    Map<Long, PortOwnerCheck.Owner> owners = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path process : processes) {
        addSockets(process, owners);
      }
    } catch (IOException e) {
      return owners; // /proc unreadable: every socket counts as another user's
    }
    return owners;
  }

  private static void addSockets(Path process, Map<Long, PortOwnerCheck.Owner> owners) {
    long pid = Long.parseLong(process.getFileName().toString());
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
      String command = null;
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed between listing and reading
        }
        if (target.startsWith("socket:[")) {
          if (command == null) {
            command = Files.readString(process.resolve("comm")).trim();
          }
          owners.put(Long.parseLong(target.substring(8, target.length() - 1)),
              new PortOwnerCheck.Owner(pid, namespacePid(process, pid), command));
        }
      }
    } catch (IOException e) {
      // Another user's process, or one that exited: its sockets stay unattributed.
      return;
    }
  }

  /** The last PID of the {@code NSpid:} line of its status: its PID in its own namespace. */
  private static long namespacePid(Path process, long pid) throws IOException {
    for (String line : Files.readAllLines(process.resolve("status"))) {
      if (line.startsWith("NSpid:")) {
        String[] pids = line.substring(6).trim().split("\\s+");
        return Long.parseLong(pids[pids.length - 1]);
      }
    }
    return pid;
  }

  @Override
  public Optional<AgentView> agent() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir, AGENT_TIMEOUT)) {
      AgentStatus before = client.status();
      Thread.sleep(COUNTER_WINDOW.toMillis()); // a measurement window, not a wait for an outcome
      AgentStatus status = client.status();
      return Optional.of(new AgentView(status, client.peers(),
          AgentView.growth(before.liveness(), status.liveness()), client.discoveryReport()));
    } catch (AgentNotRunningException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while watching the agent's counters", e);
    }
  }

  @Override
  public AgentCheck.LinkProbe linkProbe() {
    return SystemFacts::connects;
  }

  private static boolean connects(InetSocketAddress address) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Path file) throws Unavailable {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new Unavailable("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Runs {@code command}, returning its output when it exits 0 in time. The output goes to a
   * temporary file, so a command that hangs is given up on after {@link #COMMAND_TIMEOUT}.
   */
  private static String run(String... command) throws Unavailable {
    Path output = null;
    Process process = null;
    try {
      output = Files.createTempFile("echomesh-doctor", ".out");
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
      } catch (IOException e) {
        throw new Unavailable(command[0] + " is not installed");
      }
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Unavailable(command[0] + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
      }
      if (Files.size(output) > MAX_COMMAND_OUTPUT_BYTES) {
        throw new Unavailable(command[0] + " printed more than " + MAX_COMMAND_OUTPUT_BYTES + " bytes");
      }
      String result = Files.readString(output);
      if (process.exitValue() != 0) {
        String firstLine = result.lines().findFirst().orElse("");
        throw new Unavailable(command[0] + " failed (exit " + process.exitValue() + "): " + firstLine
            + " (run doctor as root to read firewall rules)");
      }
      return result;
    } catch (IOException e) {
      throw new Unavailable("cannot run " + command[0] + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(command[0] + " was interrupted");
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          log.warn("Cannot delete the temporary file {}: {}", output, e.getMessage());
        }
      }
    }
  }
}
