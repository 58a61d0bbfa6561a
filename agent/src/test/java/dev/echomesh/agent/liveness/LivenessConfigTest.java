package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LivenessConfigTest {

  @Test
  void defaults_asDocumented() throws Exception {
    LivenessConfig config = LivenessConfig.defaults();

    assertEquals(47200, config.port());
    assertEquals(InetAddress.getByName("0.0.0.0"), config.bindAddress());
    assertEquals(Duration.ofMillis(200), config.pingInterval());
    assertEquals(Duration.ofMillis(20), config.pingJitter());
    assertEquals(Duration.ofMillis(500), config.pongTimeout());
    assertEquals(Duration.ofMillis(600), config.suspectAfter());
    assertEquals(Duration.ofMillis(1200), config.deadAfter());
    assertEquals(Duration.ofHours(1), config.forgetAfter());
    assertEquals(100, config.statsWindow());
    assertEquals(Duration.ofHours(24), config.maxClockSkew());
    assertEquals(256, config.replayWindow());
    assertEquals(List.of(), config.staticTargets());
  }

  @Test
  void toBuilder_unchanged_equalConfig() {
    LivenessConfig config =
        LivenessConfig.builder()
            .port(0)
            .pingInterval(Duration.ofSeconds(1))
            .suspectAfter(Duration.ofSeconds(3))
            .deadAfter(Duration.ofSeconds(5))
            .addStaticTarget(new InetSocketAddress("127.0.0.1", 9))
            .build();

    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void staticTargets_cannotBeChangedAfterBuild() {
    LivenessConfig config =
        LivenessConfig.builder().addStaticTarget(new InetSocketAddress("127.0.0.1", 9)).build();

    assertThrows(
        UnsupportedOperationException.class,
        () -> config.staticTargets().add(new InetSocketAddress("127.0.0.1", 10)));
  }

  @Test
  void maxClockSkew_zero_allowedAndMeansOff() {
    assertEquals(
        Duration.ZERO, LivenessConfig.builder().maxClockSkew(Duration.ZERO).build().maxClockSkew());
  }

  @Test
  void forgetAfter_zero_allowedAndMeansNever() {
    assertEquals(
        Duration.ZERO, LivenessConfig.builder().forgetAfter(Duration.ZERO).build().forgetAfter());
  }

  @Test
  void forgetAfter_equalToDeadAfter_allowed() {
    LivenessConfig config =
        LivenessConfig.builder()
            .deadAfter(Duration.ofHours(1))
            .suspectAfter(Duration.ofMinutes(30))
            .build();

    assertEquals(config.deadAfter(), config.forgetAfter());
  }

  static Stream<Arguments> invalid() {
    return Stream.<Arguments>of(
        bad("liveness.port", b -> b.port(-1)),
        bad("liveness.port", b -> b.port(65536)),
        bad("liveness.ping-interval", b -> b.pingInterval(Duration.ofMillis(9))),
        bad("liveness.ping-interval", b -> b.pingInterval(Duration.ofSeconds(61))),
        bad("liveness.ping-interval", b -> b.pingInterval(null)),
        bad("liveness.ping-jitter", b -> b.pingJitter(Duration.ofMillis(101))),
        bad("liveness.ping-jitter", b -> b.pingJitter(Duration.ofMillis(-1))),
        bad("liveness.pong-timeout", b -> b.pongTimeout(Duration.ZERO)),
        bad("liveness.suspect-after", b -> b.suspectAfter(Duration.ofMillis(200))),
        bad(
            "liveness.suspect-after",
            b -> b.suspectAfter(Duration.ofHours(2)).deadAfter(Duration.ofHours(3))),
        bad("liveness.dead-after", b -> b.deadAfter(Duration.ofMillis(600))),
        bad("liveness.dead-after", b -> b.deadAfter(Duration.ofMinutes(61))),
        bad("liveness.forget-after", b -> b.forgetAfter(Duration.ofMillis(1199))),
        bad("liveness.forget-after", b -> b.forgetAfter(Duration.ofSeconds(-1))),
        bad("liveness.forget-after", b -> b.forgetAfter(Duration.ofDays(366))),
        bad("liveness.forget-after", b -> b.forgetAfter(null)),
        bad("liveness.stats-window", b -> b.statsWindow(0)),
        bad("liveness.stats-window", b -> b.statsWindow(10_001)),
        bad("liveness.max-clock-skew", b -> b.maxClockSkew(Duration.ofMillis(999))),
        bad("liveness.max-clock-skew", b -> b.maxClockSkew(Duration.ofDays(366))),
        bad("liveness.replay-window", b -> b.replayWindow(0)),
        bad("liveness.replay-window", b -> b.replayWindow(4_097)),
        bad(
            "staticTargets",
            b -> b.addStaticTarget(InetSocketAddress.createUnresolved("peer.example", 47200))));
  }

  private static Arguments bad(String option, UnaryOperator<LivenessConfig.Builder> change) {
    return Arguments.of(option, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void build_outOfRange_throwsNamingTheOption(
      String option, UnaryOperator<LivenessConfig.Builder> change) {
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> change.apply(LivenessConfig.builder()).build());

    assertTrue(
        e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
    assertTrue(e.getMessage().contains(option), e.getMessage());
  }
}
