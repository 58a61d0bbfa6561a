package dev.echomesh.tools;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.discovery.DiscoveryConfig;
import java.net.InetAddress;

/**
 * Puts {@code echomesh agent}'s flags on top of the settings from the defaults and the config
 * file: a flag that is given overrides the file, a flag that is not leaves the file's value (or
 * the default) alone. Lists given by flags ({@code --peer}, {@code --interface}, {@code --include},
 * {@code --exclude}) replace the file's lists.
 */
final class AgentNetwork {

  private AgentNetwork() {}

  /**
   * Checks the flags without starting anything.
   *
   * @throws IllegalArgumentException as {@link #apply} does
   */
  static void check(AgentRunner.Options options) {
    AgentConfig.Builder config =
        options.loopbackOnly() ? AgentConfig.loopbackDefaults() : AgentConfig.lanDefaults();
    apply(options, config);
  }

  /**
   * @throws IllegalArgumentException when a flag is out of range or flags conflict (interface
   *     names together with include/exclude patterns); the message names the flag
   */
  static void apply(AgentRunner.Options options, AgentConfig.Builder config) {
    if (options.name() != null) {
      config.name(options.name());
    }
    if (options.port() != null) {
      requirePort("--port", options.port());
      config.link(l -> l.port(options.port()));
    }
    if (options.bindAddress() != null) {
      InetAddress bind = options.bindAddress();
      config.link(l -> l.bindAddress(bind));
      if (!bind.isAnyLocalAddress() && !bind.isLoopbackAddress()) {
        // One address means one address: the UDP socket too (loopback has its own preset). It
        // then hears subnet broadcasts no more; peers are heard through the pongs to its own
        // broadcasts and their unicast pings.
        config.liveness(l -> l.bindAddress(bind));
      }
    }
    if (!options.staticPeers().isEmpty()) {
      config.link(l -> l.staticPeers(options.staticPeers()));
    }
    if (options.udpPort() != null) {
      requirePort("--udp-port", options.udpPort());
      config.liveness(l -> l.port(options.udpPort()));
    }
    if (!options.interfaces().isEmpty()
        && !(options.include().isEmpty() && options.exclude().isEmpty())) {
      throw new IllegalArgumentException(
          "--interface cannot be combined with --include or --exclude; use one or the other");
    }
    DiscoveryConfig discovery = config.discovery();
    boolean selectionGiven = !options.interfaces().isEmpty() || !options.include().isEmpty()
        || !options.exclude().isEmpty();
    if (selectionGiven || !options.mdns()) {
      DiscoveryConfig.Builder edited = DiscoveryConfig.builder()
          .enabled(options.mdns() && discovery.enabled())
          .pollInterval(discovery.pollInterval())
          .closeTimeout(discovery.closeTimeout());
      if (selectionGiven) {
        edited.interfaces(options.interfaces().toArray(String[]::new))
            .include(options.include().toArray(String[]::new))
            .exclude(options.exclude().toArray(String[]::new));
      } else {
        edited.interfaces(discovery.interfaces().toArray(String[]::new))
            .include(discovery.includePatterns().toArray(String[]::new))
            .exclude(discovery.excludePatterns().toArray(String[]::new));
      }
      config.discovery(edited.build());
    }
    if (options.inbox() != null) {
      config.inbox(options.inbox().toAbsolutePath());
    }
    if (options.pluginDirectory() != null) {
      config.pluginDirectory(options.pluginDirectory().toAbsolutePath());
    }
  }

  private static void requirePort(String flag, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(flag + " must be 0 to 65535, got " + port);
    }
  }
}
