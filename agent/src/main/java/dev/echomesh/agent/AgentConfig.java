package dev.echomesh.agent;

import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.liveness.NodeReport;
import dev.echomesh.agent.settings.Check;
import dev.echomesh.agent.settings.Setting.Kind;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import dev.echomesh.agent.task.file.ReceiveLimits;
import dev.echomesh.agent.task.internal.ExternalTasks;
import dev.echomesh.agent.task.internal.TaskRegistry;
import dev.echomesh.agent.task.transfer.FileTasksConfig;
import dev.echomesh.agent.time.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Everything an {@link Agent} is started with. Immutable; made from {@link #lanDefaults()}, whose
 * defaults suit a LAN, or {@link #loopbackDefaults()}, which keep an agent on this machine, and
 * validated by {@link Builder#build()}: a value out of range is a {@link SettingException}
 * naming the setting and its range.
 *
 * <p>Each setting is defined once, as a {@link Setting} constant of the record that owns it (its
 * config-file key, default, range and description): links in {@link LinkConfig}, UDP liveness in
 * {@link LivenessConfig}, mDNS and interfaces in {@link DiscoveryConfig}, and the rest below (node
 * name, task executor, plugins, access lists). {@link #SETTINGS} lists them all, in the order of
 * the reference page {@code docs/config.md}; the config file ({@link ConfigFile}) sets them by
 * key.
 */
public final class AgentConfig {

  /** Longest node name, in UTF-8 bytes (an mDNS instance name holds 63 bytes). */
  public static final int MAX_NAME_CHARS = 63;

  public static final Setting<String> NAME = Setting.of("name", Kind.STRING, null, "the host name",
      "1 to " + MAX_NAME_CHARS + " UTF-8 bytes, no control characters",
      "The node's human-readable name, shown in peer lists and usable to address it. Names never grant"
          + " access.");
  public static final Setting<Set<NodeId>> DENY = Setting.of("deny", Kind.NODE_ID_LIST, Set.of(), "[]",
      "node IDs (as `echomesh id` prints them)",
      "Nodes refused at the link handshake and ignored by liveness and discovery (revoked members), besides"
          + " those denied live (see the deny file). Reloaded on SIGHUP.");
  /** Handlers may block (I/O, processes): more threads than cores, at least 4. */
  public static final Setting<Integer> TASK_THREADS = Setting.integer("executor.threads",
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), "twice the CPUs, at least 4", 1, 1024,
      "Threads that run task handlers; handlers never run on network threads.");
  /** Room for a burst of a thousand calls or more before OVERLOADED. */
  public static final Setting<Integer> TASK_QUEUE_CAPACITY = Setting.integer("executor.queue-capacity",
      4096, 0, 1_000_000,
      "Calls that may wait for a task thread; past it callers get OVERLOADED at once. 0: a call runs at once"
          + " or is refused.");
  public static final Setting<Path> PLUGIN_DIRECTORY = Setting.of("plugins.directory", Kind.PATH, null,
      "<data-dir>/plugins", "a directory (relative paths are relative to the config file's directory)",
      "Plugin jars in this directory are loaded at start, each in its own class loader: every"
          + " dev.echomesh.agent.task.TaskHandler a jar lists in META-INF/services becomes a task. A jar that"
          + " cannot be loaded is logged and skipped. A missing directory means no plugins.");
  public static final Setting<Boolean> CLASS_PATH_PLUGINS = Setting.flag("plugins.class-path", true,
      "Also load task handlers listed in META-INF/services of the jars on the agent's own class path (for"
          + " agents embedded in an application).");
  public static final Setting<Boolean> BROADCAST_PINGS = Setting.flag("liveness.broadcast", true,
      "Broadcast pings on the subnet of each selected interface; false pings only peers already known (static"
          + " peers, peers found by mDNS) by unicast.");
  public static final Setting<List<String>> TAGS = Setting.of("tags", Kind.STRING_LIST, List.of(), "[]",
      "up to " + NodeReport.MAX_TAGS + " \"key=value\" strings of at most " + NodeReport.MAX_TAG_BYTES
          + " bytes; key of a-z, 0-9, '.', '-', '_'; value without spaces; each key once",
      "Labels this node announces in its pings, e.g. [\"role=camera\", \"room=hall\"], so that callers can"
          + " pick among the peers that offer a task by tag (callAny). Informational: tags never grant access.");
  /** Longer than any call's deadline with its retries, so a late retry still finds its result. */
  public static final Setting<Duration> CALLS_REMEMBER_FOR = Setting.duration("calls.remember-for",
      Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
      "How long this node remembers the result of a call that carried an idempotency key (callAny and"
          + " retries send one), so that a retry with the same key from the same caller gets that result"
          + " instead of running the task again. A retry later than this runs the task again.");
  /**
   * A LAN link is up in tens of milliseconds; an agent that is restarting accepts connections and
   * takes seconds to finish the handshake, which is what a fail-over must not wait for.
   */
  public static final Setting<Duration> CALL_ANY_LINK_TIMEOUT = Setting.duration("calls.any-link-timeout",
      Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1),
      "How long an attempt of callAny (`call --any`) waits for a link to the peer it chose (connection, TLS"
          + " handshake, Hello) before it gives up on that peer, unsent, and tries the next one; the dial goes on"
          + " for later calls and the request is never sent on that link afterwards. Only when the request cannot"
          + " have reached the peer before and another peer is left; otherwise, and for plain calls, the call"
          + " waits for its link until its deadline. Shorter fails over sooner from a peer that is restarting,"
          + " but gives up on a peer that is merely slow to link (e.g. a busy small board).");
  /** About 2 MiB of entries at the bound, besides the results' bytes. */
  public static final Setting<Integer> CALLS_REMEMBER_MAX_KEYS = Setting.integer("calls.remember-max-keys",
      10_000, 1, 1_000_000,
      "Idempotency keys remembered at once (calls running or finished within calls.remember-for). Past it,"
          + " new keyed calls get OVERLOADED until older keys' time has passed; calls without a key are not"
          + " affected.");
  /** Room for the results of many small calls; large results are what the bound is for. */
  public static final Setting<Integer> CALLS_REMEMBER_MAX_BYTES = Setting.integer("calls.remember-max-bytes",
      16 * 1024 * 1024, "16777216 (16 MiB)", 0, 1 << 30,
      "Bytes of results of keyed calls remembered at once. Past it, the oldest results are forgotten first"
          + " but their keys are kept: a retry of such a call gets FAILED (\"its result was not kept\") and"
          + " the task still does not run twice. 0 remembers statuses only.");
  /** Key pattern of the per-task tables; {@code NAME} is a task name. */
  public static final Setting<Set<NodeId>> TASK_ALLOW = Setting.of("tasks.NAME.allow", Kind.NODE_ID_LIST, null,
      "none (every member may call)", "node IDs; [] lets no one call",
      "Only these nodes may call task NAME (built-in, plugin or command task alike); others get DENIED. Names"
          + " never grant access. Reloaded on SIGHUP. A table [tasks.NAME] without `command` names a task the"
          + " node has from elsewhere (a typo stops the agent rather than leave the task open).");

  /** Off by default: the Unix socket serves the command line and programs; a browser needs TCP. */
  public static final Setting<InetSocketAddress> API_LISTEN = Setting.checked("api.listen", Kind.HOST_PORT, null,
      "off (no TCP listener)", "a loopback address and port: \"127.0.0.1:PORT\", \"[::1]:PORT\" or \"localhost:PORT\"",
      "Also serve the local API, and the dashboard at /, over HTTP on this loopback address (e.g."
          + " \"127.0.0.1:47280\"); each request needs the API token (<data-dir>/api-token, see `echomesh dashboard"
          + " --url`) and passes Host and Origin checks (SECURITY.md). Read by `echomesh agent` at start; flag"
          + " --api-listen.",
      AgentConfig::requireLoopback);

  /** The agent's own settings, in the order of the reference page (link, liveness, discovery apart). */
  public static final List<Setting<?>> OWN_SETTINGS = List.of(NAME, DENY, TAGS, TASK_THREADS, TASK_QUEUE_CAPACITY,
      PLUGIN_DIRECTORY, CLASS_PATH_PLUGINS, BROADCAST_PINGS, TASK_ALLOW, CALLS_REMEMBER_FOR,
      CALLS_REMEMBER_MAX_KEYS, CALLS_REMEMBER_MAX_BYTES, CALL_ANY_LINK_TIMEOUT, API_LISTEN);

  /**
   * Returns {@code address} when it is a loopback address.
   *
   * @throws SettingException naming {@code api.listen} otherwise
   */
  static InetSocketAddress requireLoopback(InetSocketAddress address) {
    if (address == null || address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new SettingException(API_LISTEN.key(), API_LISTEN.key() + " must be a loopback address (127.0.0.1:PORT,"
          + " [::1]:PORT or localhost:PORT): the local API is for this machine only, got "
          + (address == null ? "nothing" : address.getHostString() + ":" + address.getPort()));
    }
    return address;
  }

  /**
   * The node name used when none is given: this host's name, read without a DNS lookup (the
   * kernel's on Linux, else {@code HOSTNAME} or {@code COMPUTERNAME} from {@code env}, else
   * "echomesh"), cut to {@link #MAX_NAME_CHARS}.
   */
  public static String defaultName(Map<String, String> env) {
    return HostName.get(env);
  }

  /**
   * Where the settings of a running agent come from again when it reloads ({@link Agent#reload}):
   * for an agent started from a config file, the file read again with the command line's flags
   * on top.
   */
  @FunctionalInterface
  public interface Source {
    /**
     * @throws ConfigException when the settings cannot be read or are invalid
     */
    AgentConfig load() throws ConfigException;

    /**
     * {@code e}, about a setting of the loaded config found faulty later (an allow-list naming a
     * task this node does not have), as a {@link ConfigException} naming where it was set.
     */
    default ConfigException locate(SettingException e) {
      return new ConfigException(null, 0, e.key(), e.getMessage());
    }
  }

  private final String name;
  private final NodeCredentials credentials;
  private final MeshSecrets meshSecrets;
  private final LinkConfig link;
  private final int taskThreads;
  private final int taskQueueCapacity;
  private final List<TaskHandler> tasks;
  private final Map<String, Set<NodeId>> taskAllowLists;
  private final List<CommandTaskSpec> commandTasks;
  private final boolean loadTaskPlugins;
  private final Path pluginDirectory;
  private final ExternalTasks externalTasks;
  private final Set<NodeId> denyList;
  private final Clock clock;
  private final Ticker ticker;
  private final LivenessConfig liveness;
  private final boolean broadcastPings;
  private final Duration callsRememberFor;
  private final Map<String, String> tags;
  private final int callsRememberMaxKeys;
  private final int callsRememberMaxBytes;
  private final Duration callAnyLinkTimeout;
  private final DiscoveryConfig discovery;
  private final Path dataDirectory;
  private final FileTasksConfig files;
  private final Source source;

  private AgentConfig(Builder b) {
    name = b.name;
    credentials = b.credentials;
    meshSecrets = b.meshSecrets;
    link = b.link;
    taskThreads = b.taskThreads;
    taskQueueCapacity = b.taskQueueCapacity;
    tasks = List.copyOf(b.tasks);
    Map<String, Set<NodeId>> allow = new LinkedHashMap<>();
    b.taskAllowLists.forEach((task, ids) -> allow.put(task, Set.copyOf(ids)));
    taskAllowLists = Map.copyOf(allow);
    commandTasks = List.copyOf(b.commandTasks.values());
    loadTaskPlugins = b.loadTaskPlugins;
    pluginDirectory = b.pluginDirectory;
    externalTasks = b.externalTasks;
    denyList = Set.copyOf(b.denyList);
    clock = b.clock;
    ticker = b.ticker;
    liveness = b.liveness;
    broadcastPings = b.broadcastPings;
    callsRememberFor = b.callsRememberFor;
    tags = java.util.Collections.unmodifiableMap(NodeReport.parseValid(b.tags));
    callsRememberMaxKeys = b.callsRememberMaxKeys;
    callsRememberMaxBytes = b.callsRememberMaxBytes;
    callAnyLinkTimeout = b.callAnyLinkTimeout;
    discovery = b.discovery;
    dataDirectory = b.dataDirectory;
    files = b.files();
    source = b.source;
  }

  /** Every setting of the agent, in the order of the reference page {@code docs/config.md}. */
  public static final List<Setting<?>> SETTINGS = allSettings();

  private static List<Setting<?>> allSettings() {
    List<Setting<?>> all = new ArrayList<>(OWN_SETTINGS);
    all.addAll(all.indexOf(TASK_ALLOW), CommandTaskKeys.DOCUMENTED);
    all.addAll(FileTasksConfig.SETTINGS);
    all.addAll(LinkConfig.SETTINGS);
    all.addAll(LivenessConfig.SETTINGS);
    all.addAll(DiscoveryConfig.SETTINGS);
    return List.copyOf(all);
  }

  /**
   * A builder holding the LAN defaults. Only {@link Builder#credentials} and
   * {@link Builder#meshSecrets} have no default and must be set.
   */
  public static Builder lanDefaults() {
    return new Builder();
  }

  /**
   * A builder for an agent that stays on this machine (tests, benchmarks, local experiments):
   * links and UDP liveness on 127.0.0.1 with free ports, no mDNS, no broadcast pings, no class-path
   * plugins. Its peers are static peers, pinged by unicast. The LAN defaults otherwise.
   */
  public static Builder loopbackDefaults() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    return new Builder()
        .link(l -> l.bindAddress(loopback).port(0))
        .liveness(l -> l.bindAddress(loopback).port(0))
        .broadcastPings(false)
        .discovery(DiscoveryConfig.defaults().withoutMdns())
        .loadTaskPlugins(false);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @see #NAME */
  public String name() { return name; }
  /** @see Builder#credentials */
  public NodeCredentials credentials() { return credentials; }
  /** @see Builder#meshSecrets */
  public MeshSecrets meshSecrets() { return meshSecrets; }
  /** The link settings; the agent fills in their runtime values (name, version, UDP port, clock). */
  public LinkConfig link() { return link; }
  /** @see #TASK_THREADS */
  public int taskThreads() { return taskThreads; }
  /** @see #TASK_QUEUE_CAPACITY */
  public int taskQueueCapacity() { return taskQueueCapacity; }
  /** @see Builder#task */
  public List<TaskHandler> tasks() { return tasks; }
  /** @see #TASK_ALLOW */
  public Map<String, Set<NodeId>> taskAllowLists() { return taskAllowLists; }
  /** @see Builder#commandTask */
  public List<CommandTaskSpec> commandTasks() { return commandTasks; }
  /** @see #CLASS_PATH_PLUGINS */
  public boolean loadTaskPlugins() { return loadTaskPlugins; }
  /** @see #PLUGIN_DIRECTORY; null = none */
  public Path pluginDirectory() { return pluginDirectory; }
  /** @see Builder#externalTasks */
  public ExternalTasks externalTasks() { return externalTasks; }
  /** @see #DENY */
  public Set<NodeId> denyList() { return denyList; }
  /** @see Builder#clock */
  public Clock clock() { return clock; }
  /** @see Builder#ticker */
  public Ticker ticker() { return ticker; }
  /** @see Builder#liveness */
  public LivenessConfig liveness() { return liveness; }
  /** @see #BROADCAST_PINGS */
  public boolean broadcastPings() { return broadcastPings; }
  /** The tags, key to value, in the order given; @see #TAGS */
  public Map<String, String> tags() { return tags; }
  /** @see #CALLS_REMEMBER_FOR */
  public Duration callsRememberFor() { return callsRememberFor; }
  /** @see #CALLS_REMEMBER_MAX_KEYS */
  public int callsRememberMaxKeys() { return callsRememberMaxKeys; }
  /** @see #CALLS_REMEMBER_MAX_BYTES */
  public int callsRememberMaxBytes() { return callsRememberMaxBytes; }
  /** @see #CALL_ANY_LINK_TIMEOUT */
  public Duration callAnyLinkTimeout() { return callAnyLinkTimeout; }
  /** @see Builder#discovery */
  public DiscoveryConfig discovery() { return discovery; }
  /** Inbox, shared directories and limits of the file tasks. */
  public FileTasksConfig files() { return files; }

  /** @see Builder#dataDirectory; null when none */
  public Path dataDirectory() { return dataDirectory; }
  /** @see Builder#source; null when the agent cannot reload from anywhere */
  public Source source() { return source; }

  @Override
  public String toString() {
    return "AgentConfig[name=" + name + ", node=" + (credentials == null ? "?" : credentials.nodeId())
        + ", link=" + link.bindAddress().getHostAddress() + ":" + link.port() + ", staticPeers="
        + link.staticPeers() + "]";
  }

  /** Builds an {@link AgentConfig}; every setter returns this builder. */
  public static final class Builder {

    private String name = defaultName(System.getenv());
    private NodeCredentials credentials;
    private MeshSecrets meshSecrets;
    private LinkConfig link = LinkConfig.builder().build();
    private int taskThreads = TASK_THREADS.defaultValue();
    private int taskQueueCapacity = TASK_QUEUE_CAPACITY.defaultValue();
    private final List<TaskHandler> tasks = new ArrayList<>();
    private final Map<String, Set<NodeId>> taskAllowLists = new LinkedHashMap<>();
    private final Map<String, CommandTaskSpec> commandTasks = new LinkedHashMap<>();
    private boolean loadTaskPlugins = CLASS_PATH_PLUGINS.defaultValue();
    private Path pluginDirectory;
    private ExternalTasks externalTasks = ExternalTasks.NONE;
    private final Set<NodeId> denyList = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private LivenessConfig liveness = LivenessConfig.defaults();
    private boolean broadcastPings = BROADCAST_PINGS.defaultValue();
    private Duration callsRememberFor = CALLS_REMEMBER_FOR.defaultValue();
    private List<String> tags = TAGS.defaultValue();
    private int callsRememberMaxKeys = CALLS_REMEMBER_MAX_KEYS.defaultValue();
    private int callsRememberMaxBytes = CALLS_REMEMBER_MAX_BYTES.defaultValue();
    private Duration callAnyLinkTimeout = CALL_ANY_LINK_TIMEOUT.defaultValue();
    private DiscoveryConfig discovery = DiscoveryConfig.defaults();
    private Path dataDirectory;
    private Path inbox;
    private boolean receiveFiles = FileTasksConfig.RECEIVE.defaultValue();
    private List<String> sharedDirectories = FileTasksConfig.SHARED.defaultValue();
    private long maxFileBytes = FileTasksConfig.MAX_FILE_SIZE.defaultValue();
    private long freeSpaceReserveBytes = FileTasksConfig.FREE_SPACE_RESERVE.defaultValue();
    private boolean fsyncReceivedFiles = FileTasksConfig.FSYNC.defaultValue();
    private Source source;

    private Builder() {}

    private Builder(AgentConfig c) {
      name = c.name;
      credentials = c.credentials;
      meshSecrets = c.meshSecrets;
      link = c.link;
      taskThreads = c.taskThreads;
      taskQueueCapacity = c.taskQueueCapacity;
      tasks.addAll(c.tasks);
      taskAllowLists.putAll(c.taskAllowLists);
      c.commandTasks.forEach(this::commandTask);
      loadTaskPlugins = c.loadTaskPlugins;
      pluginDirectory = c.pluginDirectory;
      externalTasks = c.externalTasks;
      denyList.addAll(c.denyList);
      clock = c.clock;
      ticker = c.ticker;
      liveness = c.liveness;
      broadcastPings = c.broadcastPings;
      callsRememberFor = c.callsRememberFor;
      tags = c.tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
      callsRememberMaxKeys = c.callsRememberMaxKeys;
      callsRememberMaxBytes = c.callsRememberMaxBytes;
      callAnyLinkTimeout = c.callAnyLinkTimeout;
      discovery = c.discovery;
      dataDirectory = c.dataDirectory;
      inbox = c.files.inbox().orElse(null);
      receiveFiles = c.files.inbox().isPresent();
      sharedDirectories = c.files.shares().values().stream().map(Path::toString).sorted().toList();
      maxFileBytes = c.files.limits().maxFileBytes();
      freeSpaceReserveBytes = c.files.limits().reserveBytes();
      fsyncReceivedFiles = c.files.fsync();
      source = c.source;
    }

    /** @see AgentConfig#NAME */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The node's key, certificate and trust anchors (from the identity store). Required. */
    public Builder credentials(NodeCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** The mesh ID and UDP ping key derived from the mesh key. Required. */
    public Builder meshSecrets(MeshSecrets meshSecrets) {
      this.meshSecrets = meshSecrets;
      return this;
    }

    /** The link settings; see {@link LinkConfig} for each one. Default: {@code LinkConfig.builder().build()}. */
    public Builder link(LinkConfig link) {
      this.link = Objects.requireNonNull(link, "link");
      return this;
    }

    /** Changes some link settings, e.g. {@code link(l -> l.port(0))}. */
    public Builder link(UnaryOperator<LinkConfig.Builder> edit) {
      return link(edit.apply(link.toBuilder()).build());
    }

    /** The link settings as they are now. */
    public LinkConfig link() {
      return link;
    }

    /** @see AgentConfig#TASK_THREADS */
    public Builder taskThreads(int taskThreads) {
      this.taskThreads = taskThreads;
      return this;
    }

    /** @see AgentConfig#TASK_QUEUE_CAPACITY */
    public Builder taskQueueCapacity(int taskQueueCapacity) {
      this.taskQueueCapacity = taskQueueCapacity;
      return this;
    }

    /**
     * Adds a task handler besides the built-ins ({@code echo}, {@code reverse},
     * {@code sysinfo}, {@code tasks}); names must be unique. Default: none.
     */
    public Builder task(TaskHandler handler) {
      this.tasks.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** @see AgentConfig#TASK_ALLOW */
    public Builder allowCallers(String task, Set<NodeId> callers) {
      this.taskAllowLists.put(Objects.requireNonNull(task, "task"), Set.copyOf(callers));
      return this;
    }

    /** Removes every allow-list: each task may be called by every member. */
    public Builder clearAllowLists() {
      this.taskAllowLists.clear();
      return this;
    }

    /**
     * Declares a command task (the config file's {@code [tasks.NAME]} tables with {@code command});
     * one of the same name declared before is replaced. Its name must not be taken by another
     * task of the node, which the agent checks when it starts or reloads. Default: none.
     */
    public Builder commandTask(CommandTaskSpec spec) {
      Objects.requireNonNull(spec, "spec");
      this.commandTasks.put(spec.name(), spec);
      return this;
    }

    /** Removes every command task. */
    public Builder clearCommandTasks() {
      this.commandTasks.clear();
      return this;
    }

    /** @see AgentConfig#CLASS_PATH_PLUGINS */
    public Builder loadTaskPlugins(boolean loadTaskPlugins) {
      this.loadTaskPlugins = loadTaskPlugins;
      return this;
    }

    /**
     * Tasks served by programs outside the agent, which come and go while it runs (the local
     * API's {@code serve}); looked up after the agent's own tasks. Default: none.
     */
    public Builder externalTasks(ExternalTasks externalTasks) {
      this.externalTasks = Objects.requireNonNull(externalTasks, "externalTasks");
      return this;
    }

    /** @see AgentConfig#PLUGIN_DIRECTORY; null = no plugin directory (the default of an embedded agent) */
    public Builder pluginDirectory(Path pluginDirectory) {
      this.pluginDirectory = pluginDirectory;
      return this;
    }

    /** Adds a node to the deny list; see {@link AgentConfig#DENY}. */
    public Builder deny(NodeId nodeId) {
      this.denyList.add(Objects.requireNonNull(nodeId, "nodeId"));
      return this;
    }

    /** Replaces the deny list; see {@link AgentConfig#DENY}. */
    public Builder denyList(Set<NodeId> nodes) {
      this.denyList.clear();
      nodes.forEach(this::deny);
      return this;
    }

    /**
     * The wall clock, read only for what is shown to people or compared with other hosts' clocks:
     * peers' "last seen" timestamps, the deadline instants handed to task handlers, the send time
     * of liveness datagrams and their staleness bound ({@link LivenessConfig#maxClockSkew()}), and
     * the incarnation of each run. No duration is measured on it (see {@link #ticker}), so a step
     * of this clock (NTP, a device without a real-time clock setting it after boot) changes no
     * peer's state, link or deadline. Default: the UTC system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The monotonic time source every duration the agent measures is read from: peers' silence
     * (the failure detector), round trips, call deadlines, idle links, the shutdown wait and
     * uptime. Liveness, the link layer and the peer table all get this one, so their readings
     * compare. (Delays such as ping rounds and redial backoff are scheduled on the JVM's and
     * Netty's timers, which are monotonic too.) Default: {@link Ticker#system()}
     * ({@link System#nanoTime()}).
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /**
     * UDP liveness: the port (mesh-wide: broadcasts reach only nodes on the same port), the ping
     * interval and the failure detector's suspect and dead timeouts; see {@link LivenessConfig}
     * for each value's range and reason. Its static targets are pinged besides the agent's own
     * (broadcasts, and every known peer not reached by them). Default:
     * {@link LivenessConfig#defaults()}.
     */
    public Builder liveness(LivenessConfig liveness) {
      this.liveness = Objects.requireNonNull(liveness, "liveness");
      return this;
    }

    /** Changes some liveness settings, e.g. {@code liveness(l -> l.port(0))}. */
    public Builder liveness(UnaryOperator<LivenessConfig.Builder> edit) {
      return liveness(edit.apply(liveness.toBuilder()).build());
    }

    /** The liveness settings as they are now. */
    public LivenessConfig liveness() {
      return liveness;
    }

    /** @see AgentConfig#BROADCAST_PINGS */
    public Builder broadcastPings(boolean broadcastPings) {
      this.broadcastPings = broadcastPings;
      return this;
    }

    /** @see AgentConfig#TAGS */
    public Builder tags(List<String> tags) {
      this.tags = List.copyOf(tags);
      return this;
    }

    /** @see AgentConfig#CALL_ANY_LINK_TIMEOUT */
    public Builder callAnyLinkTimeout(Duration callAnyLinkTimeout) {
      this.callAnyLinkTimeout = callAnyLinkTimeout;
      return this;
    }

    /** @see AgentConfig#CALLS_REMEMBER_FOR */
    public Builder callsRememberFor(Duration callsRememberFor) {
      this.callsRememberFor = callsRememberFor;
      return this;
    }

    /** @see AgentConfig#CALLS_REMEMBER_MAX_KEYS */
    public Builder callsRememberMaxKeys(int callsRememberMaxKeys) {
      this.callsRememberMaxKeys = callsRememberMaxKeys;
      return this;
    }

    /** @see AgentConfig#CALLS_REMEMBER_MAX_BYTES */
    public Builder callsRememberMaxBytes(int callsRememberMaxBytes) {
      this.callsRememberMaxBytes = callsRememberMaxBytes;
      return this;
    }

    /**
     * mDNS discovery and the interface selection (names or include/exclude patterns) that both
     * mDNS and broadcast pings use; see {@link DiscoveryConfig}. Default:
     * {@link DiscoveryConfig#defaults()}.
     */
    public Builder discovery(DiscoveryConfig discovery) {
      this.discovery = Objects.requireNonNull(discovery, "discovery");
      return this;
    }

    /** The discovery settings as they are now. */
    public DiscoveryConfig discovery() {
      return discovery;
    }

    /**
     * A directory where the agent keeps what must survive restarts: the last incarnation
     * (file {@code incarnation}) and the nodes denied live (file {@code denied-nodes}, see
     * {@link Agent#deny}). Null (the default) derives the incarnation from the clock alone and
     * keeps live denials in memory only.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** Where {@link Agent#reload} reads the settings again. Default: none (reload keeps the settings). */
    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /**
     * Checks every value and builds.
     *
     * @throws SettingException naming the first setting out of range
     * @throws NullPointerException naming a required option that is missing
     */
    /** @see FileTasksConfig#INBOX; null = {@code <data-dir>/inbox}, or no receiving without a data directory */
    public Builder inbox(Path inbox) {
      this.inbox = inbox;
      return this;
    }

    /** @see FileTasksConfig#RECEIVE */
    public Builder receiveFiles(boolean receiveFiles) {
      this.receiveFiles = receiveFiles;
      return this;
    }

    /** @see FileTasksConfig#SHARED */
    public Builder sharedDirectories(List<String> sharedDirectories) {
      this.sharedDirectories = List.copyOf(sharedDirectories);
      return this;
    }

    /** @see FileTasksConfig#MAX_FILE_SIZE */
    public Builder maxFileBytes(long maxFileBytes) {
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /** @see FileTasksConfig#FREE_SPACE_RESERVE */
    public Builder freeSpaceReserveBytes(long freeSpaceReserveBytes) {
      this.freeSpaceReserveBytes = freeSpaceReserveBytes;
      return this;
    }

    /** @see FileTasksConfig#FSYNC */
    public Builder fsyncReceivedFiles(boolean fsyncReceivedFiles) {
      this.fsyncReceivedFiles = fsyncReceivedFiles;
      return this;
    }

    /** The file tasks' settings: the inbox defaults to {@code <data-dir>/inbox}. */
    private FileTasksConfig files() {
      Path root = inbox != null ? inbox : dataDirectory == null ? null : dataDirectory.resolve("inbox");
      ReceiveLimits limits = new ReceiveLimits(FileTasksConfig.MAX_FILE_SIZE.check(maxFileBytes),
          FileTasksConfig.FREE_SPACE_RESERVE.check(freeSpaceReserveBytes),
          ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES, ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES);
      return new FileTasksConfig(Optional.ofNullable(receiveFiles ? root : null),
          FileTasksConfig.shares(sharedDirectories), limits, fsyncReceivedFiles);
    }

    public AgentConfig build() {
      Objects.requireNonNull(credentials, "credentials are required");
      Objects.requireNonNull(meshSecrets, "meshSecrets are required");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(ticker, "ticker");
      Objects.requireNonNull(liveness, "liveness");
      Objects.requireNonNull(discovery, "discovery");
      checkName(name);
      TASK_THREADS.check(taskThreads);
      TASK_QUEUE_CAPACITY.check(taskQueueCapacity);
      CALLS_REMEMBER_FOR.check(callsRememberFor);
      checkTags(tags);
      CALLS_REMEMBER_MAX_KEYS.check(callsRememberMaxKeys);
      CALLS_REMEMBER_MAX_BYTES.check(callsRememberMaxBytes);
      CALL_ANY_LINK_TIMEOUT.check(callAnyLinkTimeout);
      for (String task : taskAllowLists.keySet()) {
        Check.that(TaskRegistry.TASK_NAME.matcher(task).matches(), "tasks." + task,
            "a task name (1 to 64 letters, digits, '.', '-' or '_')", "'" + task + "'");
      }
      checkStaysLocal();
      return new AgentConfig(this);
    }

    private static void checkTags(List<String> tags) {
      Check.that(tags.size() <= NodeReport.MAX_TAGS, TAGS.key(), "at most " + NodeReport.MAX_TAGS + " tags",
          tags.size() + " tags");
      Set<String> keys = new LinkedHashSet<>();
      for (String tag : tags) {
        String problem = NodeReport.problem(tag).orElse(null);
        Check.that(problem == null, TAGS.key(), "\"key=value\" tags (" + problem + ")", "'" + tag + "'");
        Check.that(keys.add(tag.substring(0, tag.indexOf('='))), TAGS.key(), "each key once", "'" + tag + "'");
      }
    }

    /** Links on loopback mean "stay on this machine": nothing may reach the LAN. */
    private void checkStaysLocal() {
      InetAddress bind = link.bindAddress();
      if (!bind.isLoopbackAddress()) {
        return;
      }
      String why = " when " + LinkConfig.BIND.key() + " is the loopback address " + bind.getHostAddress()
          + " (the agent then stays on this machine; AgentConfig.loopbackDefaults() sets this)";
      Check.that(!discovery.enabled(), DiscoveryConfig.MDNS.key(), "false" + why, true);
      Check.that(!broadcastPings, BROADCAST_PINGS.key(), "false" + why, true);
      Check.that(liveness.bindAddress().isLoopbackAddress(), LivenessConfig.BIND.key(), "a loopback address" + why,
          liveness.bindAddress().getHostAddress());
    }

    private static void checkName(String name) {
      Objects.requireNonNull(name, NAME.key());
      Check.that(!name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_CHARS
          && name.chars().noneMatch(Character::isISOControl), NAME.key(), NAME.allowed(), "'" + name + "'");
    }
  }
}
