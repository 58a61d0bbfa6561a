package dev.echomesh.agent;

import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.task.transfer.FileTasksConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Sets settings by their {@link Setting} on an {@link AgentConfig.Builder} and the link, liveness
 * and discovery builders nested in it: the one table from a setting to its builder method, used
 * by the config file. {@link #finish} builds the nested records (checking the values that depend
 * on each other) and puts them back.
 */
final class SettingTargets {

  private static final Map<Setting<?>, BiConsumer<SettingTargets, Object>> SETTERS = setters();

  private final AgentConfig.Builder agent;
  private final LinkConfig.Builder link;
  private final LivenessConfig.Builder liveness;
  private final DiscoveryConfig.Builder discovery = DiscoveryConfig.builder();
  private final DiscoveryConfig currentDiscovery;
  private final Map<Setting<?>, Object> discoveryValues = new HashMap<>();

  SettingTargets(AgentConfig.Builder agent) {
    this.agent = agent;
    this.link = agent.link().toBuilder();
    this.liveness = agent.liveness().toBuilder();
    this.currentDiscovery = agent.discovery();
  }

  /** Whether {@link #set} knows {@code setting}; every key of the config file but those of {@code [tasks.NAME]}. */
  static boolean knows(Setting<?> setting) {
    return SETTERS.containsKey(setting);
  }

  void set(Setting<?> setting, Object value) {
    BiConsumer<SettingTargets, Object> setter = SETTERS.get(setting);
    if (setter == null) {
      throw new IllegalArgumentException("no setter for " + setting.key());
    }
    setter.accept(this, value);
  }

  /**
   * @throws dev.echomesh.agent.settings.SettingException when values conflict
   */
  void finish() {
    agent.link(link.build());
    agent.liveness(liveness.build());
    agent.discovery(discovery());
  }

  @SuppressWarnings("unchecked")
  private DiscoveryConfig discovery() {
    boolean mdns = (Boolean) discoveryValues.getOrDefault(DiscoveryConfig.MDNS, currentDiscovery.enabled());
    List<String> names = (List<String>) discoveryValues.getOrDefault(DiscoveryConfig.INTERFACES,
        currentDiscovery.interfaces());
    List<String> include = (List<String>) discoveryValues.getOrDefault(DiscoveryConfig.INCLUDE,
        currentDiscovery.includePatterns());
    List<String> exclude = (List<String>) discoveryValues.getOrDefault(DiscoveryConfig.EXCLUDE,
        currentDiscovery.excludePatterns());
    return discovery.enabled(mdns)
        .interfaces(names.toArray(String[]::new))
        .include(include.toArray(String[]::new))
        .exclude(exclude.toArray(String[]::new))
        .pollInterval((Duration) discoveryValues.getOrDefault(DiscoveryConfig.POLL_INTERVAL,
            currentDiscovery.pollInterval()))
        .closeTimeout((Duration) discoveryValues.getOrDefault(DiscoveryConfig.CLOSE_TIMEOUT,
            currentDiscovery.closeTimeout()))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<Setting<?>, BiConsumer<SettingTargets, Object>> setters() {
    Map<Setting<?>, BiConsumer<SettingTargets, Object>> m = new HashMap<>();
    m.put(AgentConfig.NAME, (t, v) -> t.agent.name((String) v));
    m.put(AgentConfig.DENY, (t, v) -> t.agent.denyList((java.util.Set<dev.echomesh.agent.identity.NodeId>) v));
    m.put(AgentConfig.TASK_THREADS, (t, v) -> t.agent.taskThreads((Integer) v));
    m.put(AgentConfig.TASK_QUEUE_CAPACITY, (t, v) -> t.agent.taskQueueCapacity((Integer) v));
    m.put(AgentConfig.PLUGIN_DIRECTORY, (t, v) -> t.agent.pluginDirectory((Path) v));
    m.put(AgentConfig.CLASS_PATH_PLUGINS, (t, v) -> t.agent.loadTaskPlugins((Boolean) v));
    m.put(AgentConfig.BROADCAST_PINGS, (t, v) -> t.agent.broadcastPings((Boolean) v));
    m.put(AgentConfig.TAGS, (t, v) -> t.agent.tags((List<String>) v));
    m.put(AgentConfig.CALLS_REMEMBER_FOR, (t, v) -> t.agent.callsRememberFor((Duration) v));
    m.put(AgentConfig.CALLS_REMEMBER_MAX_KEYS, (t, v) -> t.agent.callsRememberMaxKeys((Integer) v));
    m.put(AgentConfig.CALLS_REMEMBER_MAX_BYTES, (t, v) -> t.agent.callsRememberMaxBytes((Integer) v));
    m.put(AgentConfig.CALL_ANY_LINK_TIMEOUT, (t, v) -> t.agent.callAnyLinkTimeout((Duration) v));
    // Not an agent setting: `echomesh agent` reads it with ConfigFile.get for its control server.
    m.put(AgentConfig.API_LISTEN, (t, v) -> { });
    m.put(FileTasksConfig.INBOX, (t, v) -> t.agent.inbox((Path) v));
    m.put(FileTasksConfig.RECEIVE, (t, v) -> t.agent.receiveFiles((Boolean) v));
    m.put(FileTasksConfig.SHARED, (t, v) -> t.agent.sharedDirectories((List<String>) v));
    m.put(FileTasksConfig.MAX_FILE_SIZE, (t, v) -> t.agent.maxFileBytes((Long) v));
    m.put(FileTasksConfig.FREE_SPACE_RESERVE, (t, v) -> t.agent.freeSpaceReserveBytes((Long) v));
    m.put(FileTasksConfig.FSYNC, (t, v) -> t.agent.fsyncReceivedFiles((Boolean) v));

    m.put(LinkConfig.BIND, (t, v) -> t.link.bindAddress((InetAddress) v));
    m.put(LinkConfig.PORT, (t, v) -> t.link.port((Integer) v));
    m.put(LinkConfig.PEERS, (t, v) -> t.link.staticPeers((List<InetSocketAddress>) v));
    m.put(LinkConfig.MAX_FRAME_BYTES, (t, v) -> t.link.maxFrameBytes((Integer) v));
    m.put(LinkConfig.CONNECT_TIMEOUT, (t, v) -> t.link.connectTimeout((Duration) v));
    m.put(LinkConfig.HANDSHAKE_TIMEOUT, (t, v) -> t.link.handshakeTimeout((Duration) v));
    m.put(LinkConfig.MAX_PENDING_CONNECTIONS, (t, v) -> t.link.maxPendingConnections((Integer) v));
    m.put(LinkConfig.MAX_PENDING_PER_ADDRESS, (t, v) -> t.link.maxPendingPerAddress((Integer) v));
    m.put(LinkConfig.IDLE_TIMEOUT, (t, v) -> t.link.idleTimeout((Duration) v));
    m.put(LinkConfig.MAX_IN_FLIGHT_CALLS, (t, v) -> t.link.maxInFlightCallsPerLink((Integer) v));
    m.put(LinkConfig.CALL_TIMEOUT, (t, v) -> t.link.defaultCallTimeout((Duration) v));
    m.put(LinkConfig.SHUTDOWN_TIMEOUT, (t, v) -> t.link.shutdownTimeout((Duration) v));
    m.put(LinkConfig.REDIAL_INITIAL_DELAY, (t, v) -> t.link.redialInitialDelay((Duration) v));
    m.put(LinkConfig.REDIAL_MAX_DELAY, (t, v) -> t.link.redialMaxDelay((Duration) v));
    m.put(LinkConfig.THREADS, (t, v) -> t.link.ioThreads((Integer) v));
    m.put(LinkConfig.BUSY_POLL, (t, v) -> t.link.busyPoll((Duration) v));
    m.put(LinkConfig.NATIVE_TRANSPORT, (t, v) -> t.link.nativeTransport((Boolean) v));

    m.put(LivenessConfig.PORT, (t, v) -> t.liveness.port((Integer) v));
    m.put(LivenessConfig.BIND, (t, v) -> t.liveness.bindAddress((InetAddress) v));
    m.put(LivenessConfig.PING_INTERVAL, (t, v) -> t.liveness.pingInterval((Duration) v));
    m.put(LivenessConfig.PING_JITTER, (t, v) -> t.liveness.pingJitter((Duration) v));
    m.put(LivenessConfig.PONG_TIMEOUT, (t, v) -> t.liveness.pongTimeout((Duration) v));
    m.put(LivenessConfig.SUSPECT_AFTER, (t, v) -> t.liveness.suspectAfter((Duration) v));
    m.put(LivenessConfig.DEAD_AFTER, (t, v) -> t.liveness.deadAfter((Duration) v));
    m.put(LivenessConfig.FORGET_AFTER, (t, v) -> t.liveness.forgetAfter((Duration) v));
    m.put(LivenessConfig.STATS_WINDOW, (t, v) -> t.liveness.statsWindow((Integer) v));
    m.put(LivenessConfig.MAX_CLOCK_SKEW, (t, v) -> t.liveness.maxClockSkew((Duration) v));
    m.put(LivenessConfig.REPLAY_WINDOW, (t, v) -> t.liveness.replayWindow((Integer) v));

    for (Setting<?> s : DiscoveryConfig.SETTINGS) {
      m.put(s, (t, v) -> t.discoveryValues.put(s, v));
    }
    return Map.copyOf(m);
  }
}
