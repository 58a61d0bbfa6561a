package dev.echomesh.tools;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.AgentVersion;
import dev.echomesh.agent.ConfigException;
import dev.echomesh.agent.ConfigFile;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.control.ControlConfig;
import dev.echomesh.agent.control.ControlServer;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.LoadedIdentity;
import dev.echomesh.agent.settings.SettingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent on a data directory with its control socket: reads the config file, takes the
 * directory's lock (so a second agent fails before it opens any port), loads the identity, starts
 * the agent, then serves the CLI. {@link #stop()} reverses it cleanly.
 */
final class AgentRunner {

  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

  /**
   * What {@code echomesh agent} was asked for; null or empty = not given (the config file's value
   * or the default applies).
   *
   * @param name the node name
   * @param port the link port
   * @param bindAddress the link address
   * @param staticPeers peers dialed by address; replace the file's
   * @param udpPort the liveness port; by default 47200, or a free port when the links are bound to
   *     a loopback address
   * @param interfaces interfaces to use by name; empty = automatic selection
   * @param include glob patterns of interfaces automatic selection may use; empty = all
   * @param exclude glob patterns of interfaces automatic selection skips
   * @param mdns false turns mDNS off whatever the file says
   * @param configFile the config file; null = {@code <data-dir>/echomesh.toml} if it exists
   * @param pluginDirectory the plugin directory; null = the file's, else {@code <data-dir>/plugins}
   * @param apiListen the local API's TCP listener (a loopback address); null = the file's
   *     {@code api.listen}, else off
   * @param inbox where received files go; null = the file's files.inbox, else {@code <data-dir>/inbox}
   */
  record Options(
      String name,
      Integer port,
      InetAddress bindAddress,
      List<InetSocketAddress> staticPeers,
      Integer udpPort,
      List<String> interfaces,
      List<String> include,
      List<String> exclude,
      boolean mdns,
      Path configFile,
      Path pluginDirectory,
      InetSocketAddress apiListen,
      Path inbox) {
    Options {
      staticPeers = List.copyOf(staticPeers);
      interfaces = List.copyOf(interfaces);
      include = List.copyOf(include);
      exclude = List.copyOf(exclude);
    }

    /** Name, links and static peers as given, everything else from the file or by default. */
    Options(String name, Integer port, InetAddress bindAddress, List<InetSocketAddress> staticPeers) {
      this(name, port, bindAddress, staticPeers, null, List.of(), List.of(), List.of(), true, null, null, null, null);
    }

    /** Network flags as given, no config file or plugin directory flag. */
    Options(String name, Integer port, InetAddress bindAddress, List<InetSocketAddress> staticPeers,
        Integer udpPort, List<String> interfaces, List<String> include, List<String> exclude, boolean mdns) {
      this(name, port, bindAddress, staticPeers, udpPort, interfaces, include, exclude, mdns, null, null, null, null);
    }

    /** Every flag but --api-listen. */
    Options(String name, Integer port, InetAddress bindAddress, List<InetSocketAddress> staticPeers,
        Integer udpPort, List<String> interfaces, List<String> include, List<String> exclude, boolean mdns,
        Path configFile, Path pluginDirectory) {
      this(name, port, bindAddress, staticPeers, udpPort, interfaces, include, exclude, mdns, configFile,
          pluginDirectory, null, null);
    }

    /** Whether {@code --bind} gave a loopback address: the agent then stays on this machine. */
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
   * @throws ConfigException when the config file is missing (given by --config), unreadable or
   *     invalid
   * @throws IllegalArgumentException when a flag is out of range
   * @throws IOException when the link listener or the control socket cannot bind
   */
  static AgentRunner start(DataDirectory directory, Options options, Map<String, String> env)
      throws IOException, ConfigException {
    Path dataDir = directory.path();
    Optional<ConfigFile> file = AgentSettings.readFile(dataDir, options.configFile());
    file.ifPresent(f -> log.info("Settings from {}", f.file()));
    String version = AgentVersion.current();
    ControlServer control =
        ControlServer.bind(dataDir, ControlConfig.builder().version(version).build());
    Agent agent;
    try {
      InetSocketAddress apiListen = options.apiListen() != null
          ? options.apiListen()
          : file.map(f -> f.get(AgentConfig.API_LISTEN)).orElse(null);
      if (apiListen != null) {
        control.listenTcp(apiListen);
      }
      AgentConfig.Builder settings = AgentSettings.compose(dataDir, file, options);
      String name = options.name() != null
          ? options.name()
          : file.map(f -> f.get(AgentConfig.NAME)).orElseGet(() -> AgentConfig.defaultName(env));
      LoadedIdentity identity = new IdentityStore(directory).load(name);
      AgentConfig.Source source = new FileSource(dataDir, options, identity);
      AgentConfig config = build(settings.name(name).externalTasks(control.externalTasks()), identity, source, file);
      try {
        agent = Agents.start(config);
      } catch (SettingException e) { // an allow-list naming a task this node does not have
        throw rethrow(AgentSettings.explain(e, file));
      }
    } catch (IOException | ConfigException | RuntimeException e) {
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

  private static ConfigException rethrow(Exception explained) throws ConfigException {
    if (explained instanceof ConfigException configError) {
      return configError;
    }
    throw (IllegalArgumentException) explained;
  }

  private static AgentConfig build(AgentConfig.Builder settings, LoadedIdentity identity, AgentConfig.Source source,
      Optional<ConfigFile> file) throws ConfigException {
    try {
      return settings.credentials(identity.credentials()).meshSecrets(identity.secrets()).source(source).build();
    } catch (SettingException e) {
      throw rethrow(AgentSettings.explain(e, file));
    }
  }

  /** The settings read again for a reload: the file as it is now, the same flags on top. */
  private record FileSource(Path dataDir, Options options, LoadedIdentity identity) implements AgentConfig.Source {
    @Override
    public AgentConfig load() throws ConfigException {
      Optional<ConfigFile> file = AgentSettings.readFile(dataDir, options.configFile());
      try {
        return build(AgentSettings.compose(dataDir, file, options), identity, this, file);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(null, 0, "", e.getMessage());
      }
    }

    @Override
    public ConfigException locate(SettingException e) {
      Optional<ConfigFile> file;
      try {
        file = AgentSettings.readFile(dataDir, options.configFile());
      } catch (ConfigException unreadable) {
        return unreadable;
      }
      Exception explained = AgentSettings.explain(e, file);
      return explained instanceof ConfigException configError
          ? configError
          : new ConfigException(null, 0, e.key(), e.getMessage());
    }
  }

  /**
   * Reads the settings again and applies the task allow-lists and deny list (see
   * {@link Agent#reload}); on failure the settings in use stay.
   *
   * @throws ConfigException naming what is wrong, in one line
   */
  void reload() throws ConfigException {
    agent.reload();
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
