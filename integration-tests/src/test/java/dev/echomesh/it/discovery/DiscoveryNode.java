package dev.echomesh.it.discovery;

import static org.awaitility.Awaitility.await;

import dev.echomesh.it.lan.HostProcess;
import dev.echomesh.it.lan.JavaCommand;
import dev.echomesh.it.lan.VirtualHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A {@link DiscoveryMain} running in a virtual host, and what it printed. */
final class DiscoveryNode {

  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final int LINK_PORT = 7300;
  static final int UDP_PORT = 7301;

  private final VirtualHost host;
  private final HostProcess process;
  private final String id;

  private DiscoveryNode(VirtualHost host, HostProcess process, String id) {
    this.host = host;
    this.process = process;
    this.id = id;
  }

  /** Starts discovery as {@code name} in {@code mesh} and waits until it says so. */
  static DiscoveryNode start(VirtualHost host, String name, String mesh, Duration poll) {
    HostProcess process = host.startJava(JavaCommand.mainClass(DiscoveryMain.class)
        .systemProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug")
        .systemProperty("org.slf4j.simpleLogger.log.javax.jmdns", "warn")
        .systemProperty("org.slf4j.simpleLogger.showDateTime", "true")
        .args(name, mesh, Integer.toString(LINK_PORT), Integer.toString(UDP_PORT), Long.toString(poll.toMillis())));
    await().atMost(PATIENCE).until(() -> process.stdout().contains("started ") || !process.isAlive());
    String started = process.stdout().lines().filter(l -> l.startsWith("started ")).findFirst()
        .orElseThrow(() -> new AssertionError("discovery did not start on " + host + ": " + process.stderr()));
    return new DiscoveryNode(host, process, started.split(" ")[1]);
  }

  VirtualHost host() {
    return host;
  }

  HostProcess process() {
    return process;
  }

  /** Its node ID, as text. */
  String id() {
    return id;
  }

  /** Epoch ms at which it called start(). */
  long startedAt() {
    return Long.parseLong(line("started " + id).orElseThrow().split(" ")[2]);
  }

  /** The fields of the latest "announced" line about {@code other}, if any. */
  Optional<String[]> latestAnnouncementOf(DiscoveryNode other) {
    List<String> lines = process.stdout().lines().filter(l -> l.startsWith("announced " + other.id + " ")).toList();
    return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1).split(" "));
  }

  /** Whether it ever printed an announcement of {@code other}. */
  boolean heardOf(DiscoveryNode other) {
    return process.stdout().contains("announced " + other.id + " ");
  }

  Optional<String> line(String prefix) {
    return process.stdout().lines().filter(l -> l.startsWith(prefix)).findFirst();
  }

  @Override
  public String toString() {
    return host.name() + "/" + id;
  }
}
