package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigTest {

  private static final TestMesh MESH = TestMeshes.newMesh();
  private static final NodeCredentials NODE = MESH.newNode("n");
  private static final MeshSecrets SECRETS = MESH.secrets();

  private static AgentConfig.Builder valid() {
    return AgentConfig.lanDefaults().credentials(NODE).meshSecrets(SECRETS);
  }

  @Test
  void lanDefaults_areTheDocumentedValues() {
    AgentConfig config = valid().build();
    assertEquals("0.0.0.0", config.bindAddress().getHostAddress());
    assertEquals(47200, config.linkPort());
    assertEquals(16 * 1024 * 1024, config.maxFrameBytes());
    assertEquals(Duration.ofSeconds(3), config.connectTimeout());
    assertEquals(Duration.ofSeconds(5), config.handshakeTimeout());
    assertEquals(Duration.ofMinutes(5), config.idleTimeout());
    assertEquals(1024, config.maxInFlightCallsPerLink());
    assertEquals(2, config.linkThreads());
    assertEquals(Duration.ofMillis(250), config.redialInitialDelay());
    assertEquals(Duration.ofSeconds(30), config.redialMaxDelay());
    assertEquals(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), config.taskThreads());
    assertEquals(4096, config.taskQueueCapacity());
    assertEquals(Duration.ofSeconds(10), config.defaultCallTimeout());
    assertEquals(Duration.ofSeconds(5), config.shutdownTimeout());
    assertTrue(config.loadTaskPlugins());
    assertEquals(List.of(), config.staticPeers());
    assertTrue(config.denyList().isEmpty());
    assertTrue(!config.name().isEmpty() && config.name().length() <= AgentConfig.MAX_NAME_CHARS);
  }

  @Test
  void build_withoutCredentials_namesWhatIsMissing() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> AgentConfig.lanDefaults().meshSecrets(SECRETS).build());
    assertTrue(e.getMessage().contains("credentials"), e.getMessage());
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        bad("name", b -> b.name("")),
        bad("name", b -> b.name("x".repeat(64))),
        bad("name", b -> b.name("tab\there")),
        bad("linkPort", b -> b.linkPort(-1)),
        bad("linkPort", b -> b.linkPort(65536)),
        bad("staticPeers", b -> b.staticPeer(InetSocketAddress.createUnresolved("nowhere.invalid", 1))),
        bad("maxFrameBytes", b -> b.maxFrameBytes(1024)),
        bad("connectTimeout", b -> b.connectTimeout(Duration.ZERO)),
        bad("handshakeTimeout", b -> b.handshakeTimeout(Duration.ofMinutes(6))),
        bad("idleTimeout", b -> b.idleTimeout(Duration.ofMillis(500))),
        bad("maxInFlightCallsPerLink", b -> b.maxInFlightCallsPerLink(0)),
        bad("linkThreads", b -> b.linkThreads(65)),
        bad("redialInitialDelay", b -> b.redialInitialDelay(Duration.ZERO)),
        bad("redialMaxDelay", b -> b.redialInitialDelay(Duration.ofSeconds(10)).redialMaxDelay(Duration.ofSeconds(5))),
        bad("taskThreads", b -> b.taskThreads(0)),
        bad("taskQueueCapacity", b -> b.taskQueueCapacity(-1)),
        bad("allowCallers", b -> b.allowCallers("no spaces", Set.of())),
        bad("defaultCallTimeout", b -> b.defaultCallTimeout(Duration.ofDays(2))),
        bad("shutdownTimeout", b -> b.shutdownTimeout(Duration.ofSeconds(-1))));
  }

  private static Arguments bad(String option, UnaryOperator<AgentConfig.Builder> change) {
    return Arguments.of(option, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRange")
  void build_valueOutOfRange_throwsNamingTheOption(String option, UnaryOperator<AgentConfig.Builder> change) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
    assertTrue(e.getMessage().startsWith(option), e.getMessage());
  }

  @Test
  void build_linksOnLoopback_keepEverythingOnTheMachine() {
    AgentConfig config = valid()
        .bindAddress(java.net.InetAddress.getLoopbackAddress())
        .broadcastPings(true)
        .discovery(dev.echomesh.agent.discovery.DiscoveryConfig.defaults())
        .build();
    assertEquals(false, config.discovery().enabled(), "no mDNS from a loopback agent");
    assertEquals(false, config.broadcastPings(), "no broadcast pings from a loopback agent");
    assertTrue(config.liveness().bindAddress().isLoopbackAddress(), "UDP bound to loopback");
    assertTrue(valid().build().discovery().enabled(), "a LAN agent keeps mDNS");
  }

  @Test
  void build_idleTimeoutZero_meansNever() {
    assertEquals(Duration.ZERO, valid().idleTimeout(Duration.ZERO).build().idleTimeout());
  }

  @Test
  void toBuilder_keepsEveryValue() {
    AgentConfig config = valid().name("x").linkPort(0).taskQueueCapacity(0).deny(NODE.nodeId())
        .staticPeer(new InetSocketAddress("127.0.0.1", 9)).build();
    AgentConfig copy = config.toBuilder().build();
    assertEquals(config.name(), copy.name());
    assertEquals(config.linkPort(), copy.linkPort());
    assertEquals(config.taskQueueCapacity(), copy.taskQueueCapacity());
    assertEquals(config.denyList(), copy.denyList());
    assertEquals(config.staticPeers(), copy.staticPeers());
  }

  @Test
  void linkConfig_carriesTheLinkKnobs() {
    AgentConfig config = valid().maxFrameBytes(1 << 20).idleTimeout(Duration.ZERO).deny(NODE.nodeId()).build();
    LinkConfig link = RealAgent.linkConfig(config, 0);
    assertEquals(1 << 20, link.maxFrameBytes());
    assertEquals(Duration.ZERO, link.idleTimeout());
    assertEquals(Set.of(NODE.nodeId()), link.denyList());
    assertEquals(config.name(), link.nodeName());
  }
}
