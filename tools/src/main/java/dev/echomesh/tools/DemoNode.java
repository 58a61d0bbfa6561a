package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.JavaCommand;
import dev.echomesh.tools.lan.VirtualHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One agent of the demo: an {@code echomesh agent} process on a virtual host, and its data. */
final class DemoNode {

  private final VirtualHost host;
  private final Path dataDir;
  private final String name;
  private final NodeId nodeId;
  private HostProcess process;

  private DemoNode(VirtualHost host, Path dataDir, String name, NodeId nodeId) {
    this.host = host;
    this.dataDir = dataDir;
    this.name = name;
    this.nodeId = nodeId;
  }

  /** A member of the mesh of {@code joinCode} on {@code host}, named {@code name}; not started. */
  static DemoNode create(VirtualHost host, Path dataDir, String name, String joinCode) {
    IdentityStore store = new IdentityStore(DataDirectory.of(dataDir));
    store.join(joinCode, false);
    return new DemoNode(host, dataDir, name, store.nodeId());
  }

  /** Starts {@code echomesh agent} in the host, from this JVM's class path (the echomesh jar). */
  void start() {
    process =
        host.startJava(
            JavaCommand.mainClass(EchomeshCommand.class.getName())
                .args("agent", "--data-dir", dataDir.toString(), "--name", name));
  }

  /** Whether its control socket answers. */
  boolean ready() {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      client.status();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Its peer table now. */
  List<Peer> peers() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      return client.peers();
    }
  }

  /** A control client of this agent; the caller closes it. */
  ControlClient connect() throws IOException {
    return ControlClient.connect(dataDir);
  }

  /** Stops it cleanly (SIGTERM, bounded); a process that does not stop is killed. */
  void stop() {
    if (process != null && process.isAlive()) {
      try {
        process.stop();
      } catch (IllegalStateException killedInstead) {
        // HostProcess killed it after the bound; closing the LAN removes anything left anyway.
      }
    }
  }

  /** The end of its log, for an error message. */
  String logTail() {
    String log = process == null ? "" : process.stderr();
    return log.length() <= 2000 ? log : log.substring(log.length() - 2000);
  }

  VirtualHost host() {
    return host;
  }

  String name() {
    return name;
  }

  NodeId nodeId() {
    return nodeId;
  }
}
