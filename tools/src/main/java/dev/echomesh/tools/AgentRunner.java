package dev.echomesh.tools;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.AgentVersion;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.control.ControlConfig;
import dev.echomesh.agent.control.ControlServer;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.LoadedIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent on a data directory with its control socket: takes the directory's lock first (so
 * a second agent fails before it opens any port), loads the identity, starts the agent, then serves
 * the CLI. {@link #stop()} reverses it cleanly.
 */
final class AgentRunner {

  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

  /**
   * What {@code echomesh agent} was asked for.
   *
   * @param bindAddress null = the agent's default (every IPv4 interface)
   * @param udpPort the liveness port; null = the default: 47200, or a free port when the links are
   *     bound to a loopback address
   * @param interfaces interfaces to use by name; empty = automatic selection
   * @param include glob patterns of interfaces automatic selection may use; empty = all
   * @param exclude glob patterns of interfaces automatic selection skips
   * @param mdns whether to announce and browse with mDNS
   */
  record Options(
      String name,
      int port,
      InetAddress bindAddress,
      List<InetSocketAddress> staticPeers,
      Integer udpPort,
      List<String> interfaces,
      List<String> include,
      List<String> exclude,
      boolean mdns) {
    Options {
      staticPeers = List.copyOf(staticPeers);
      interfaces = List.copyOf(interfaces);
      include = List.copyOf(include);
      exclude = List.copyOf(exclude);
    }

    /** Links and static peers as given, everything else by default. */
    Options(String name, int port, InetAddress bindAddress, List<InetSocketAddress> staticPeers) {
      this(name, port, bindAddress, staticPeers, null, List.of(), List.of(), List.of(), true);
    }

    /**
     * Whether the agent must stay on this machine: its links are bound to a loopback address, so
     * no peer on the LAN could reach it anyway. It then runs no mDNS, broadcasts no pings and
     * binds UDP to that address too.
     */
    boolean loopbackOnly() {
      return bindAddress != null && bindAddress.isLoopbackAddress();
    }
  }

  private final ControlServer control;
  private final Agent agent;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private AgentRunner(ControlServer control, Agent agent) {
    this.control = control;
    this.agent = agent;
  }

  /**
   * @throws dev.echomesh.agent.control.AgentAlreadyRunningException when another agent runs on the
   *     directory
   * @throws dev.echomesh.agent.identity.IdentityException when the identity cannot be loaded (no
   *     mesh key: run init or join)
   * @throws IllegalArgumentException when an option is out of range
   * @throws IOException when the link listener or the control socket cannot bind
   */
  static AgentRunner start(DataDirectory directory, Options options) throws IOException {
    String version = AgentVersion.current();
    ControlServer control =
        ControlServer.bind(directory.path(), ControlConfig.builder().version(version).build());
    Agent agent;
    try {
      LoadedIdentity identity = new IdentityStore(directory).load(options.name());
      AgentConfig.Builder config =
          AgentConfig.lanDefaults()
              .name(options.name())
              .credentials(identity.credentials())
              .meshSecrets(identity.secrets())
              .linkPort(options.port())
              .staticPeers(options.staticPeers())
              .dataDirectory(directory.path())
              .externalTasks(control.externalTasks());
      if (options.bindAddress() != null) {
        config.bindAddress(options.bindAddress());
      }
      AgentNetwork.apply(options, config);
      agent = Agents.start(config.build());
    } catch (IOException | RuntimeException e) {
      control.close();
      throw e;
    }
    control.start(agent);
    log.info(
        "echomesh {} agent '{}' ready: node {}, links on {}, control socket {}",
        version,
        agent.name(),
        agent.nodeId(),
        NetworkArguments.format(agent.linkAddress()),
        control.socketPath());
    return new AgentRunner(control, agent);
  }

  Agent agent() {
    return agent;
  }

  /**
   * Stops cleanly: new CLI connections are refused at once, the agent tells its peers and lets
   * calls in flight finish (their CLI callers get the results), then the control socket closes.
   * Idempotent.
   */
  void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      control.stopAccepting();
      agent.close();
    } finally {
      control.close();
    }
  }
}
