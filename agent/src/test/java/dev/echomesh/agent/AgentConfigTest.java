package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
    LinkConfig link = config.link();
    assertEquals("0.0.0.0", link.bindAddress().getHostAddress());
    assertEquals(47200, link.port());
    assertEquals(16 * 1024 * 1024, link.maxFrameBytes());
    assertEquals(Duration.ofSeconds(3), link.connectTimeout());
    assertEquals(Duration.ofSeconds(5), link.handshakeTimeout());
    assertEquals(Duration.ofMinutes(5), link.idleTimeout());
    assertEquals(1024, link.maxInFlightCallsPerLink());
    assertEquals(2, link.ioThreads());
    assertEquals(Duration.ofMillis(250), link.redialBackoff().initial());
    assertEquals(Duration.ofSeconds(30), link.redialBackoff().max());
    assertEquals(Duration.ofSeconds(10), link.defaultCallTimeout());
    assertEquals(Duration.ofSeconds(5), link.shutdownTimeout());
    assertEquals(List.of(), link.staticPeers());
    assertEquals(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), config.taskThreads());
    assertEquals(4096, config.taskQueueCapacity());
    assertTrue(config.loadTaskPlugins());
    assertEquals(null, config.pluginDirectory());
    assertTrue(config.denyList().isEmpty());
    assertTrue(!config.name().isEmpty() && config.name().length() <= AgentConfig.MAX_NAME_CHARS);
    assertEquals(LivenessConfig.defaults(), config.liveness());
    assertTrue(config.broadcastPings());
    assertEquals(DiscoveryConfig.defaults(), config.discovery());
    assertEquals(null, config.dataDirectory());
  }

  @Test
  void build_nameOverSixtyThreeUtf8Bytes_refused() {
    String name = "é".repeat(32); // 32 characters, 64 bytes: one mDNS label holds 63
    SettingException e = assertThrows(SettingException.class, () -> valid().name(name).build());
    assertEquals("name", e.key());
    assertTrue(e.getMessage().startsWith("name"), e.getMessage());
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
        bad("link.port", b -> b.link(l -> l.port(-1))),
        bad("link.port", b -> b.link(l -> l.port(65536))),
        bad("link.peers", b -> b.link(l -> l.staticPeer(InetSocketAddress.createUnresolved("nowhere.invalid", 1)))),
        bad("link.max-frame-bytes", b -> b.link(l -> l.maxFrameBytes(1024))),
        bad("link.connect-timeout", b -> b.link(l -> l.connectTimeout(Duration.ZERO))),
        bad("link.handshake-timeout", b -> b.link(l -> l.handshakeTimeout(Duration.ofMinutes(6)))),
        bad("link.idle-timeout", b -> b.link(l -> l.idleTimeout(Duration.ofMillis(500)))),
        bad("link.max-in-flight-calls", b -> b.link(l -> l.maxInFlightCallsPerLink(0))),
        bad("link.threads", b -> b.link(l -> l.ioThreads(65))),
        bad("link.redial-initial-delay", b -> b.link(l -> l.redialInitialDelay(Duration.ZERO))),
        bad("link.redial-max-delay", b -> b.link(l -> l.redialInitialDelay(Duration.ofSeconds(10))
            .redialMaxDelay(Duration.ofSeconds(5)))),
        bad("link.default-call-timeout", b -> b.link(l -> l.defaultCallTimeout(Duration.ofDays(2)))),
        bad("link.shutdown-timeout", b -> b.link(l -> l.shutdownTimeout(Duration.ofSeconds(-1)))),
        bad("link.busy-poll", b -> b.link(l -> l.busyPoll(Duration.ofMillis(2)))),
        bad("executor.threads", b -> b.taskThreads(0)),
        bad("executor.queue-capacity", b -> b.taskQueueCapacity(-1)),
        bad("tags", b -> b.tags(java.util.List.of("Role=camera"))),
        bad("tags", b -> b.tags(java.util.List.of("role=camera", "role=door"))),
        bad("tags", b -> b.tags(java.util.stream.IntStream.range(0, 9).mapToObj(i -> "k" + i + "=v").toList())),
        bad("calls.remember-for", b -> b.callsRememberFor(Duration.ZERO)),
        bad("calls.remember-max-keys", b -> b.callsRememberMaxKeys(0)),
        bad("calls.remember-max-bytes", b -> b.callsRememberMaxBytes(-1)),
        bad("tasks.no spaces", b -> b.allowCallers("no spaces", Set.of())),
        bad("liveness.ping-interval", b -> b.liveness(l -> l.pingInterval(Duration.ofMillis(5)))),
        bad("liveness.dead-after", b -> b.liveness(l -> l.deadAfter(Duration.ofMillis(600)))),
        bad("discovery.poll-interval", b -> b.discovery(DiscoveryConfig.builder().pollInterval(Duration.ZERO).build())));
  }

  private static Arguments bad(String key, UnaryOperator<AgentConfig.Builder> change) {
    return Arguments.of(key, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRange")
  void build_valueOutOfRange_throwsNamingTheSetting(String key, UnaryOperator<AgentConfig.Builder> change) {
    SettingException e = assertThrows(SettingException.class, () -> change.apply(valid()).build());
    assertEquals(key, e.key());
    assertTrue(e.getMessage().startsWith(key), e.getMessage());
  }

  @Test
  void tags_validList_keptInOrderAsKeyValue() {
    AgentConfig config = valid().tags(java.util.List.of("role=camera", "room=hall")).build();
    assertEquals(java.util.List.of("role", "room"), java.util.List.copyOf(config.tags().keySet()));
    assertEquals("camera", config.tags().get("role"));
    assertEquals(config.tags(), config.toBuilder().build().tags());
  }

  @Test
  void build_linksOnLoopbackWithMdnsOn_refusedNamingTheSetting() {
    SettingException e = assertThrows(SettingException.class,
        () -> valid().link(l -> l.bindAddress(InetAddress.getLoopbackAddress())).build());
    assertEquals("discovery.mdns", e.key());
    assertTrue(e.getMessage().contains("loopbackDefaults"), e.getMessage());
  }

  @Test
  void build_linksOnLoopbackWithBroadcastPings_refused() {
    SettingException e = assertThrows(SettingException.class,
        () -> valid().link(l -> l.bindAddress(InetAddress.getLoopbackAddress()))
            .discovery(DiscoveryConfig.defaults().withoutMdns()).build());
    assertEquals("liveness.broadcast", e.key());
  }

  @Test
  void loopbackDefaults_keepEverythingOnTheMachine() {
    AgentConfig config = AgentConfig.loopbackDefaults().credentials(NODE).meshSecrets(SECRETS).build();
    assertTrue(config.link().bindAddress().isLoopbackAddress());
    assertEquals(0, config.link().port());
    assertEquals(false, config.discovery().enabled(), "no mDNS from a loopback agent");
    assertEquals(false, config.broadcastPings(), "no broadcast pings from a loopback agent");
    assertTrue(config.liveness().bindAddress().isLoopbackAddress(), "UDP bound to loopback");
    assertEquals(0, config.liveness().port());
    assertTrue(valid().build().discovery().enabled(), "a LAN agent keeps mDNS");
  }

  @Test
  void build_idleTimeoutZero_meansNever() {
    assertEquals(Duration.ZERO, valid().link(l -> l.idleTimeout(Duration.ZERO)).build().link().idleTimeout());
  }

  @Test
  void toBuilder_keepsEveryValue() {
    AgentConfig config = valid().name("x").link(l -> l.port(0).staticPeer(new InetSocketAddress("127.0.0.1", 9)))
        .taskQueueCapacity(0).deny(NODE.nodeId()).pluginDirectory(Path.of("/p")).build();
    AgentConfig copy = config.toBuilder().build();
    assertEquals(config.name(), copy.name());
    assertEquals(config.link(), copy.link());
    assertEquals(config.taskQueueCapacity(), copy.taskQueueCapacity());
    assertEquals(config.denyList(), copy.denyList());
    assertEquals(config.pluginDirectory(), copy.pluginDirectory());
  }

  @Test
  void linkConfig_isTheConfiguredOneWithRuntimeValues() {
    AgentConfig config = valid().link(l -> l.maxFrameBytes(1 << 20).idleTimeout(Duration.ZERO)).build();
    LinkConfig link = RealAgent.linkConfig(config, 4711);
    assertEquals(1 << 20, link.maxFrameBytes());
    assertEquals(Duration.ZERO, link.idleTimeout());
    assertEquals(4711, link.udpPort());
    assertEquals(config.name(), link.nodeName());
  }

  @Test
  void settings_keysAreUniqueAndEachHasADescription() {
    Set<String> keys = new java.util.HashSet<>();
    for (var setting : AgentConfig.SETTINGS) {
      assertTrue(keys.add(setting.key()), "twice: " + setting.key());
      assertTrue(!setting.description().isBlank(), setting.key());
      assertTrue(!setting.allowed().isBlank(), setting.key());
    }
  }
}
