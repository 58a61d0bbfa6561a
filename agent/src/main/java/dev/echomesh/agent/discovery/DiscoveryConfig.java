package dev.echomesh.agent.discovery;

import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.Setting.Kind;
import dev.echomesh.agent.settings.SettingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How this node announces itself and finds others with mDNS. Immutable; make one with
 * {@link #builder()} or take {@link #defaults()}.
 *
 * @param enabled whether mDNS runs at all
 * @param interfaces explicit interface names to use; empty for automatic selection
 * @param includePatterns glob patterns of interfaces to use in automatic selection; empty for
 *     every up, multicast, non-loopback, non-virtual interface
 * @param excludePatterns glob patterns of interfaces never to use in automatic selection
 * @param pollInterval how often interfaces are re-read to follow address changes
 * @param closeTimeout how long {@link DiscoveryService#stop()} may take at most
 * @see InterfaceSelector for the selection rules
 */
public record DiscoveryConfig(
    boolean enabled,
    List<String> interfaces,
    List<String> includePatterns,
    List<String> excludePatterns,
    Duration pollInterval,
    Duration closeTimeout) {

  public static final Setting<Boolean> MDNS = Setting.flag("discovery.mdns", true,
      "Announce and browse with mDNS; without it peers are found by UDP pings (same subnet) and static peers"
          + " only.");
  public static final Setting<List<String>> INTERFACES = Setting.of("discovery.interfaces", Kind.STRING_LIST,
      List.of(), "[] (automatic selection)", "names of up, multicast-capable interfaces; not with include/exclude",
      "Use exactly these interfaces for mDNS and broadcast pings, even ones automatic selection skips (a bridge,"
          + " a VPN).");
  public static final Setting<List<String>> INCLUDE = Setting.of("discovery.include", Kind.STRING_LIST,
      List.of(), "[] (every up, multicast, non-loopback, non-virtual interface)",
      "glob patterns (* any run, ? one character)",
      "Automatic selection uses only interfaces matching one of these patterns, virtual ones included.");
  public static final Setting<List<String>> EXCLUDE = Setting.of("discovery.exclude", Kind.STRING_LIST,
      List.of(), "[]", "glob patterns (* any run, ? one character)",
      "Automatic selection never uses interfaces matching one of these patterns.");
  /** 5 s: an address change is re-announced within 5 s; listing interfaces more often buys nothing. */
  public static final Setting<Duration> POLL_INTERVAL = Setting.duration("discovery.poll-interval",
      Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofHours(1),
      "How often interfaces are listed again to notice new, removed or re-addressed ones.");
  /**
   * 3 s: jmdns sends the first goodbye at once and two more a second apart, then closes, about 2 s
   * in all (measured); 3 s lets that finish.
   */
  public static final Setting<Duration> CLOSE_TIMEOUT = Setting.duration("discovery.close-timeout",
      Duration.ofSeconds(3), Duration.ZERO, Duration.ofMinutes(1),
      "The longest a stopped mDNS instance (its interface gone or re-addressed) may take to close before its"
          + " successor opens; an agent that stops waits at most 250 ms of it, for the first goodbye to leave"
          + " (jmdns repeats it twice, a second apart). 0 does not wait (the goodbye may be lost).");
  /** The settings above, in the order the reference page lists them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(MDNS, INTERFACES, INCLUDE, EXCLUDE, POLL_INTERVAL, CLOSE_TIMEOUT);

  /** Default {@link #pollInterval()}. */
  public static final Duration DEFAULT_POLL_INTERVAL = POLL_INTERVAL.defaultValue();
  /** Default {@link #closeTimeout()}. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = CLOSE_TIMEOUT.defaultValue();

  public DiscoveryConfig {
    interfaces = List.copyOf(interfaces);
    includePatterns = List.copyOf(includePatterns);
    excludePatterns = List.copyOf(excludePatterns);
    requireGlobs(INCLUDE, includePatterns);
    requireGlobs(EXCLUDE, excludePatterns);
    POLL_INTERVAL.check(pollInterval);
    CLOSE_TIMEOUT.check(closeTimeout);
  }

  /** Each of {@code globs} must compile, or the setting is refused with its key (not later, by the selector). */
  private static void requireGlobs(Setting<List<String>> setting, List<String> globs) {
    for (String glob : globs) {
      try {
        Glob.of(glob);
      } catch (IllegalArgumentException e) {
        throw new SettingException(setting.key(), setting.key() + ": " + e.getMessage());
      }
    }
  }

  /** mDNS on, automatic interface selection, 5 s polling, 3 s close timeout. */
  public static DiscoveryConfig defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder().enabled(enabled).interfaces(interfaces.toArray(String[]::new))
        .include(includePatterns.toArray(String[]::new)).exclude(excludePatterns.toArray(String[]::new))
        .pollInterval(pollInterval).closeTimeout(closeTimeout);
  }

  /** The same settings with mDNS off. */
  public DiscoveryConfig withoutMdns() {
    return new DiscoveryConfig(false, interfaces, includePatterns, excludePatterns, pollInterval, closeTimeout);
  }

  /** The interface selection these settings describe. */
  public InterfaceSelector interfaceSelector() {
    return new InterfaceSelector(interfaces, includePatterns, excludePatterns);
  }

  /** Builds a {@link DiscoveryConfig}; every setter documents its default and range. */
  public static final class Builder {
    private boolean enabled = MDNS.defaultValue();
    private final List<String> interfaces = new ArrayList<>();
    private final List<String> includePatterns = new ArrayList<>();
    private final List<String> excludePatterns = new ArrayList<>();
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    private Builder() {}

    /**
     * Whether to announce and browse with mDNS. Without it peers are found by UDP pings only.
     * The default is true.
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Uses exactly these interfaces (like {@code --interface eth0}); each must be up and
     * multicast-capable, and may be one automatic selection skips (a VPN, a bridge). Cannot be
     * combined with include or exclude patterns. Adds to earlier calls. The default is none,
     * meaning automatic selection.
     */
    public Builder interfaces(String... names) {
      interfaces.addAll(List.of(names));
      return this;
    }

    /**
     * In automatic selection, uses only interfaces whose names match one of these glob patterns
     * ({@code *} any run, {@code ?} one character), virtual ones included. Adds to earlier
     * calls. The default is none: every up, multicast, non-loopback interface except the
     * {@link InterfaceSelector#VIRTUAL_PATTERNS virtual ones}.
     */
    public Builder include(String... patterns) {
      includePatterns.addAll(List.of(patterns));
      return this;
    }

    /**
     * In automatic selection, never uses interfaces whose names match one of these glob
     * patterns. Adds to earlier calls. The default is none (virtual interfaces are skipped
     * anyway).
     */
    public Builder exclude(String... patterns) {
      excludePatterns.addAll(List.of(patterns));
      return this;
    }

    /**
     * How often interfaces are listed again to notice new, removed or re-addressed ones, which
     * are then announced (or withdrawn) again. Range 100 ms to 1 h; the default is 5 s.
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /**
     * The longest {@link DiscoveryService#stop()} takes: goodbyes are sent at once, and jmdns is
     * given this long to finish closing before stop completes without it. Zero completes stop at
     * once (the goodbye may then be lost if the process exits). Range 0 to 1 min; the default
     * is 3 s.
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalArgumentException naming the setting when a value is out of range or a
     *     name or pattern is malformed
     */
    public DiscoveryConfig build() {
      if (!interfaces.isEmpty() && !(includePatterns.isEmpty() && excludePatterns.isEmpty())) {
        throw new SettingException(INTERFACES.key(), INTERFACES.key() + " " + interfaces
            + " cannot be combined with " + INCLUDE.key() + " or " + EXCLUDE.key() + "; use one or the other");
      }
      DiscoveryConfig config = new DiscoveryConfig(
          enabled, interfaces, includePatterns, excludePatterns, pollInterval, closeTimeout);
      config.interfaceSelector(); // validates every name and pattern
      return config;
    }
  }
}
