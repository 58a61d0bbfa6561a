package dev.echomesh.tools;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.liveness.LivenessConfig;

/**
 * Turns {@code echomesh agent}'s network flags into the agent's liveness and discovery settings.
 *
 * <p>An agent whose links are bound to a loopback address ({@code --bind 127.0.0.1}) stays on this
 * machine altogether: {@link AgentConfig} turns mDNS and broadcast pings off and binds UDP to the
 * same address; here it also gets a free UDP port (unless {@code --udp-port} says otherwise), so
 * several local agents can run side by side. Its peers are static peers, pinged by unicast.
 */
final class AgentNetwork {

  private AgentNetwork() {}

  /**
   * @throws IllegalArgumentException when a flag is out of range or flags conflict (interface
   *     names together with include/exclude patterns); the message names the flag
   */
  static void apply(AgentRunner.Options options, AgentConfig.Builder config) {
    boolean local = options.loopbackOnly();
    LivenessConfig.Builder liveness = LivenessConfig.builder();
    if (options.udpPort() != null) {
      if (options.udpPort() < 0 || options.udpPort() > 65535) {
        throw new IllegalArgumentException("--udp-port must be 0 to 65535, got " + options.udpPort());
      }
      liveness.port(options.udpPort());
    } else if (local) {
      liveness.port(0);
    }
    if (!options.interfaces().isEmpty()
        && !(options.include().isEmpty() && options.exclude().isEmpty())) {
      throw new IllegalArgumentException(
          "--interface cannot be combined with --include or --exclude; use one or the other");
    }
    DiscoveryConfig discovery;
    try {
      discovery =
          DiscoveryConfig.builder()
              .enabled(options.mdns())
              .interfaces(options.interfaces().toArray(String[]::new))
              .include(options.include().toArray(String[]::new))
              .exclude(options.exclude().toArray(String[]::new))
              .build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    config.liveness(liveness.build()).discovery(discovery);
  }
}
