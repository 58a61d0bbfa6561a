package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentNetworkTest {

  private final TestMesh mesh = TestMeshes.newMesh();

  private AgentConfig apply(AgentRunner.Options options) {
    try {
      return AgentSettings.compose(java.nio.file.Path.of("/nonexistent-data-dir"), java.util.Optional.empty(), options)
          .credentials(mesh.newNode("a"))
          .meshSecrets(mesh.secrets())
          .build();
    } catch (dev.echomesh.agent.ConfigException e) {
      throw new AssertionError(e);
    }
  }

  private static AgentRunner.Options options(InetAddress bind, Integer udpPort, List<String> interfaces,
      List<String> include, List<String> exclude, boolean mdns) {
    return new AgentRunner.Options("a", 0, bind, List.of(), udpPort, interfaces, include, exclude, mdns);
  }

  @Test
  void apply_defaults_lanPortMdnsAndBroadcasts() {
    AgentConfig config = apply(options(null, null, List.of(), List.of(), List.of(), true));
    assertEquals(LivenessConfig.DEFAULT_PORT, config.liveness().port());
    assertTrue(config.discovery().enabled());
    assertTrue(config.broadcastPings());
  }

  @Test
  void apply_loopbackBind_freeUdpPortOnLoopbackNoMdnsNoBroadcast() {
    AgentConfig config = apply(options(InetAddress.getLoopbackAddress(), null, List.of(), List.of(), List.of(), true));
    assertEquals(0, config.liveness().port());
    assertTrue(config.liveness().bindAddress().isLoopbackAddress());
    assertFalse(config.discovery().enabled());
    assertFalse(config.broadcastPings());
  }

  @Test
  void apply_lanAddressBind_linksAndPingsOnThatAddress() throws Exception {
    InetAddress lan = InetAddress.getByName("198.18.0.2");
    AgentConfig config = apply(options(lan, null, List.of(), List.of(), List.of(), true));
    assertEquals(lan, config.link().bindAddress());
    assertEquals(lan, config.liveness().bindAddress());
  }

  @Test
  void apply_ipv6WildcardBind_linksOnEveryAddressPingsStayOnIpv4Wildcard() throws Exception {
    AgentConfig config = apply(options(InetAddress.getByName("::"), null, List.of(), List.of(), List.of(), true));
    assertTrue(config.link().bindAddress().isAnyLocalAddress());
    assertEquals(InetAddress.getByName("0.0.0.0"), config.liveness().bindAddress());
  }

  @Test
  void apply_udpPortAndNoMdnsAndPatterns_passedOn() {
    AgentConfig config = apply(options(null, 5000, List.of(), List.of("eth*"), List.of("eth9"), false));
    assertEquals(5000, config.liveness().port());
    assertFalse(config.discovery().enabled());
    assertEquals(List.of("eth*"), config.discovery().includePatterns());
    assertEquals(List.of("eth9"), config.discovery().excludePatterns());
  }

  @Test
  void apply_interfaceWithPattern_refusedNamingBothFlags() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> apply(options(null, null, List.of("eth0"), List.of("wl*"), List.of(), true)));
    assertTrue(e.getMessage().contains("--interface") && e.getMessage().contains("--include"), e.getMessage());
  }

  @Test
  void apply_udpPortOutOfRange_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> apply(options(null, 70000, List.of(), List.of(), List.of(), true)));
    assertTrue(e.getMessage().startsWith("--udp-port"), e.getMessage());
  }
}
