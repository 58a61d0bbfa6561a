package dev.echomesh.it.lan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One machine of a {@link VirtualLan}: its own network namespace with loopback and one Ethernet
 * interface ({@value #INTERFACE}) on the LAN's bridge, with its own IPv4 address and MAC.
 * Thread-safe.
 */
public final class VirtualHost {

  /** The name of each host's LAN interface. */
  public static final String INTERFACE = "eth0";

  private final VirtualLan lan;
  private final int index;
  private final Inet4Address ip;
  private final String mac;
  private final AtomicInteger processes = new AtomicInteger();

  VirtualHost(VirtualLan lan, int index, Inet4Address ip, String mac) {
    this.lan = lan;
    this.index = index;
    this.ip = ip;
    this.mac = mac;
  }

  /** Its number in the LAN, from 1. */
  public int index() {
    return index;
  }

  /** Its name ({@code h1}, {@code h2}, ...), also the name of its network namespace. */
  public String name() {
    return "h" + index;
  }

  /** The IPv4 address of its interface. */
  public Inet4Address ip() {
    return ip;
  }

  /** The MAC address of its interface, lower case, e.g. {@code 02:ec:00:00:00:01}. */
  public String mac() {
    return mac;
  }

  /** The name of its LAN interface. */
  public String interfaceName() {
    return INTERFACE;
  }

  /** The name of the bridge port its interface is plugged into (in the LAN's own namespace). */
  String bridgePort() {
    return "port" + index;
  }

  /** Runs {@code argv} in this host with {@link VirtualLan#COMMAND_TIMEOUT}. */
  public ExecResult exec(String... argv) {
    return exec(VirtualLan.COMMAND_TIMEOUT, argv);
  }

  /**
   * Runs {@code argv} in this host and waits for it to finish.
   *
   * @throws IllegalStateException if it does not finish within {@code timeout} (it is killed)
   */
  public ExecResult exec(Duration timeout, String... argv) {
    List<String> command = List.of(argv);
    return Processes.run(lan.controller().inHost(name(), command), command, lan.scratch(), timeout);
  }

  /**
   * Starts {@code argv} in this host in the background, with its standard input empty and its
   * output in files of the LAN's log directory.
   */
  public HostProcess start(String... argv) {
    return start(List.of(argv));
  }

  /** Starts a JVM in this host (see {@link JavaCommand}). */
  public HostProcess startJava(JavaCommand command) {
    return start(command.argv());
  }

  private HostProcess start(List<String> command) {
    String base = name() + "-" + processes.incrementAndGet();
    Path stdout = lan.logDirectory().resolve(base + ".out");
    Path stderr = lan.logDirectory().resolve(base + ".err");
    try {
      Process nsenter = Processes.builder(lan.controller().inHost(name(), command))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      HostProcess process = new HostProcess(this, command, nsenter, stdout, stderr);
      lan.track(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command + " in " + name(), e);
    }
  }

  @Override
  public String toString() {
    return name() + "(" + ip.getHostAddress() + ", " + mac + ")";
  }
}
