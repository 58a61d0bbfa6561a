package dev.echomesh.tools.lan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A simulated Ethernet LAN on this machine: hosts {@code h1..hN}, each a network namespace with
 * one interface on a common bridge, an address from 198.18.0.0/15 (198.18.0.N/24) and a locally
 * administered MAC (02:ec:00:00:00:NN).
 *
 * <p>The whole LAN lives in namespaces made by {@code unshare} (user, network, mount, PID): it
 * never touches the machine's interfaces, routes or {@code /run/netns}, it works without root
 * where user namespaces are enabled, and when it is closed -- or when this JVM dies -- the kernel
 * removes every process and namespace it made. {@link #close()} checks that nothing is left.
 *
 * <pre>{@code
 * try (VirtualLan lan = VirtualLan.create(3)) {
 *   HostProcess agent = lan.host(1).startJava(JavaCommand.mainClass(MyMain.class).args("--x"));
 *   lan.host(2).exec("ip", "neigh").requireSuccess();
 *   lan.cutLink(lan.host(3));
 * }
 * }</pre>
 *
 * <p>The test JVM itself stays outside: it talks to host processes through their output files,
 * signals, and pathname Unix domain sockets in {@link #directory()}, which every host reaches.
 */
public final class VirtualLan implements AutoCloseable {

  /** The most hosts one LAN holds (one /24). */
  public static final int MAX_HOSTS = 254;
  /** Default bound of {@link VirtualHost#exec}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  /** Default bound of {@link HostProcess#stop()}. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  /** Env variable that, set to 1, turns a missing harness from a skip into a failure (CI). */
  public static final String REQUIRE_ENV = "ECHOMESH_REQUIRE_NETNS";
  /** System property that, set to true, does the same as {@link #REQUIRE_ENV}. */
  public static final String REQUIRE_PROPERTY = "echomesh.requireNetns";
  /** System property naming a directory to keep each LAN's process logs in after close. */
  public static final String LOG_DIR_PROPERTY = "echomesh.lanLogDir";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
  private static final int PREFIX_LENGTH = 24;

  private static Availability availability;

  private final Path root;
  private final LanController controller;
  private final List<VirtualHost> hosts = new ArrayList<>();
  private final List<HostProcess> processes = new ArrayList<>();
  private boolean closed;

  private VirtualLan(Path root, LanController controller) {
    this.root = root;
    this.controller = controller;
  }

  /**
   * Whether this machine can run a virtual LAN, and if not, why.
   *
   * @param available true when a LAN can be made
   * @param reason one line for people: what is missing and what to do
   */
  public record Availability(boolean available, String reason) {}

  /** Probes once (by making and removing a one-host LAN) and remembers the answer. */
  public static synchronized Availability availability() {
    if (availability == null) {
      availability = probe();
    }
    return availability;
  }

  /** Shorthand for {@code availability().available()}. */
  public static boolean available() {
    return availability().available();
  }

  /**
   * Whether tests must fail, not skip, when the harness is unavailable: env
   * {@value #REQUIRE_ENV}=1 or system property {@value #REQUIRE_PROPERTY}=true (as CI sets).
   */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV)) || Boolean.getBoolean(REQUIRE_PROPERTY);
  }

  /**
   * Makes a LAN of {@code hosts} hosts.
   *
   * @throws IllegalArgumentException if {@code hosts} is not in [0, {@value #MAX_HOSTS}]
   * @throws IllegalStateException if the namespaces cannot be made ({@link #availability()} says why)
   */
  public static VirtualLan create(int hosts) {
    return create(hosts, true);
  }

  /**
   * Makes a LAN of {@code hosts} hosts that shares this process's user namespace instead of
   * having its own: for programs that change their groups, which a user namespace made without
   * root forbids ({@code setgroups} fails with EPERM), such as OpenSSH's {@code sshd} with its
   * privilege separation. Needs root; network, mount and PID namespaces stay private, so the LAN
   * still never touches the machine's interfaces, and it is removed as completely on close.
   *
   * @throws IllegalStateException when this process is not root, or the namespaces cannot be made
   */
  public static VirtualLan createPrivileged(int hosts) {
    if (!isRoot()) {
      throw new IllegalStateException("a LAN without its own user namespace needs root");
    }
    return create(hosts, false);
  }

  /** Whether this process runs as root (user ID 0), which {@link #createPrivileged} needs. */
  public static boolean isRoot() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static VirtualLan create(int hosts, boolean ownUserNamespace) {
    if (hosts < 0 || hosts > MAX_HOSTS) {
      throw new IllegalArgumentException("hosts must be in [0, " + MAX_HOSTS + "], got " + hosts);
    }
    Path root;
    try {
      root = Files.createTempDirectory("echomesh-lan-");
      Files.createDirectories(root.resolve("logs"));
      Files.createDirectories(root.resolve("scratch"));
      Files.createDirectories(root.resolve("work"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the LAN's directory", e);
    }
    LanController controller;
    try {
      controller = LanController.start(root.resolve("scratch"), root.resolve("work"), STARTUP_TIMEOUT,
          ownUserNamespace);
    } catch (RuntimeException e) {
      deleteTree(root);
      throw e;
    }
    VirtualLan lan = new VirtualLan(root, controller);
    try {
      for (int i = 0; i < hosts; i++) {
        lan.addHost();
      }
    } catch (RuntimeException e) {
      lan.closeAfterFailure(e);
      throw e;
    }
    return lan;
  }

  /**
   * Host number {@code index}, from 1.
   *
   * @throws IllegalArgumentException if there is no such host
   */
  public synchronized VirtualHost host(int index) {
    if (index < 1 || index > hosts.size()) {
      throw new IllegalArgumentException("no host " + index + " in a LAN of " + hosts.size());
    }
    return hosts.get(index - 1);
  }

  /** All hosts, in order. */
  public synchronized List<VirtualHost> hosts() {
    return List.copyOf(hosts);
  }

  /** Plugs a new host into the bridge and returns it, ready to use. */
  public synchronized VirtualHost addHost() {
    requireOpen();
    int index = hosts.size() + 1;
    if (index > MAX_HOSTS) {
      throw new IllegalStateException("a LAN holds at most " + MAX_HOSTS + " hosts");
    }
    VirtualHost host = new VirtualHost(this, index, ipOf(index), macOf(index));
    String ns = host.name();
    String port = host.bridgePort();
    controller.runScript(COMMAND_TIMEOUT, String.join("\n",
        "ip netns add " + ns,
        // No duplicate address detection: IPv6 link-local addresses are usable at once.
        "ip netns exec " + ns + " sh -c 'echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad;"
            + " echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad'",
        "ip link add " + port + " type veth peer name " + VirtualHost.INTERFACE + " netns " + ns,
        "ip link set " + port + " master " + LanController.BRIDGE,
        "ip link set " + port + " up",
        "ip -n " + ns + " link set " + VirtualHost.INTERFACE + " address " + host.mac(),
        "ip -n " + ns + " addr add " + host.ip().getHostAddress() + "/" + PREFIX_LENGTH
            + " brd + dev " + VirtualHost.INTERFACE,
        "ip -n " + ns + " link set " + VirtualHost.INTERFACE + " up",
        "ip -n " + ns + " link set lo up"));
    hosts.add(host);
    return host;
  }

  /**
   * Unplugs {@code host}'s cable: its bridge port goes down, so the host sees its interface lose
   * carrier and no frame passes either way. Its address and processes stay.
   */
  public void cutLink(VirtualHost host) {
    setPort(host, "down");
  }

  /** Plugs {@code host}'s cable back in after {@link #cutLink}. */
  public void restoreLink(VirtualHost host) {
    setPort(host, "up");
  }

  /**
   * Isolates {@code host}'s bridge port, or lifts it ({@code bridge link set dev PORT isolated}):
   * frames pass between an isolated port and the others but never between two isolated ports, as
   * an access point's client isolation keeps Wi-Fi clients apart.
   */
  public void isolate(VirtualHost host, boolean isolated) {
    requireOpen();
    if (host(host.index()) != host) {
      throw new IllegalArgumentException(host + " is not a host of this LAN");
    }
    controller.run(COMMAND_TIMEOUT, List.of("bridge", "link", "set", "dev", host.bridgePort(),
        "isolated", isolated ? "on" : "off")).requireSuccess();
  }

  /**
   * A directory for the test's own files (data directories, Unix sockets); every host sees it
   * at the same path, and host processes start in it. Deleted on close.
   */
  public Path directory() {
    return root.resolve("work");
  }

  /** Where host processes' output files are written. */
  public Path logDirectory() {
    return root.resolve("logs");
  }

  /** Every process started in this LAN, in start order. */
  public synchronized List<HostProcess> processes() {
    return List.copyOf(processes);
  }

  /**
   * The end of each started process's output, for failure messages.
   */
  public synchronized String describe() {
    StringBuilder text = new StringBuilder();
    for (HostProcess process : processes) {
      text.append("--- ").append(process).append(process.isAlive() ? " (running)" : " (exited "
          + process.exitCode().orElse(-1) + ")").append('\n')
          .append(tail(process.stdout())).append(tail(process.stderr()));
    }
    return text.toString();
  }

  /**
   * The user namespace that holds every LAN process (as {@code /proc/PID/ns/user} shows it): its own,
   * or this process's for a LAN made by {@link #createPrivileged}.
   */
  public String userNamespace() {
    return controller.userNamespace();
  }

  /**
   * Removes the LAN: every process in it is killed, every namespace and file is gone.
   *
   * @throws IllegalStateException if a LAN process is still alive afterwards (then something
   *     escaped the namespace: a harness bug)
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Long> left = controller.close(CLOSE_TIMEOUT);
    keepLogs();
    deleteTree(root);
    if (!left.isEmpty()) {
      throw new IllegalStateException("processes " + left + " of the virtual LAN survived its removal");
    }
  }

  synchronized void track(HostProcess process) {
    requireOpen();
    processes.add(process);
  }

  LanController controller() {
    return controller;
  }

  Path scratch() {
    return root.resolve("scratch");
  }

  private void setPort(VirtualHost host, String state) {
    requireOpen();
    if (host(host.index()) != host) {
      throw new IllegalArgumentException(host + " is not a host of this LAN");
    }
    controller.run(COMMAND_TIMEOUT, List.of("ip", "link", "set", host.bridgePort(), state)).requireSuccess();
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the virtual LAN is closed");
    }
  }

  private void closeAfterFailure(RuntimeException failure) {
    try {
      close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private void keepLogs() {
    String keep = System.getProperty(LOG_DIR_PROPERTY);
    if (keep == null || keep.isBlank()) {
      return;
    }
    Path target = Path.of(keep).resolve(root.getFileName());
    try (Stream<Path> logs = Files.list(logDirectory())) {
      for (Path log : (Iterable<Path>) logs::iterator) {
        Files.createDirectories(target);
        Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the LAN's logs in " + target, e);
    }
  }

  static Inet4Address ipOf(int index) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, (byte) index});
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always an IPv4 address", e);
    }
  }

  static String macOf(int index) {
    return String.format(Locale.ROOT, "02:ec:00:00:%02x:%02x", index >> 8, index & 0xff);
  }

  private static String tail(String text) {
    int keep = 4000;
    String kept = text.length() <= keep ? text : "..." + text.substring(text.length() - keep);
    return kept.isEmpty() || kept.endsWith("\n") ? kept : kept + "\n";
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the LAN's directory " + root, e);
    }
  }

  private static Availability probe() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
      return new Availability(false, "the virtual LAN needs Linux network namespaces; this is " + os);
    }
    for (String[] tool : new String[][] {{"ip", "iproute2"}, {"unshare", "util-linux"}, {"nsenter", "util-linux"}}) {
      if (!Processes.onPath(tool[0])) {
        return new Availability(false, "the virtual LAN needs the `" + tool[0] + "` command: install " + tool[1]);
      }
    }
    try (VirtualLan lan = create(1)) {
      lan.host(1).exec("ip", "link", "show", VirtualHost.INTERFACE).requireSuccess();
      return new Availability(true, "network namespaces work");
    } catch (RuntimeException e) {
      return new Availability(false, "cannot make private network namespaces (" + e.getMessage().strip()
          + "); run as root or enable user namespaces (sysctl user.max_user_namespaces > 0,"
          + " kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0)");
    }
  }
}
