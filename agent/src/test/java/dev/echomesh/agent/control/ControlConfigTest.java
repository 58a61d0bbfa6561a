package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ControlConfigTest {

  @Test
  void defaults_documentedValues() {
    ControlConfig config = ControlConfig.defaults();
    assertEquals(16 * 1024 * 1024 + 64 * 1024, config.maxRequestBytes());
    assertEquals(64, config.maxConnections());
    assertEquals(32, config.maxStreams());
    assertEquals(64L * 1024 * 1024, config.maxBufferedBytes());
    assertEquals(Duration.ofSeconds(10), config.defaultCallTimeout());
    assertEquals(Duration.ofHours(1), config.maxCallTimeout());
    assertEquals(Duration.ofNanos(200_000), config.busyPoll());
  }

  @Test
  void build_busyPollAtItsBounds_accepted() {
    assertEquals(Duration.ZERO, ControlConfig.builder().busyPoll(Duration.ZERO).build().busyPoll());
    assertEquals(
        ControlConfig.MAX_BUSY_POLL,
        ControlConfig.builder().busyPoll(ControlConfig.MAX_BUSY_POLL).build().busyPoll());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "maxRequestBytes", (UnaryOperator<ControlConfig.Builder>) b -> b.maxRequestBytes(100)),
        Arguments.of(
            "maxConnections", (UnaryOperator<ControlConfig.Builder>) b -> b.maxConnections(1)),
        Arguments.of(
            "maxStreams",
            (UnaryOperator<ControlConfig.Builder>) b -> b.maxConnections(4).maxStreams(4)),
        Arguments.of(
            "requestReadTimeout",
            (UnaryOperator<ControlConfig.Builder>) b -> b.requestReadTimeout(Duration.ZERO)),
        Arguments.of(
            "responseWriteTimeout",
            (UnaryOperator<ControlConfig.Builder>)
                b -> b.responseWriteTimeout(Duration.ofSeconds(-1))),
        Arguments.of(
            "maxCallTimeout",
            (UnaryOperator<ControlConfig.Builder>)
                b ->
                    b.defaultCallTimeout(Duration.ofMinutes(5))
                        .maxCallTimeout(Duration.ofMinutes(1))),
        Arguments.of(
            "callGrace", (UnaryOperator<ControlConfig.Builder>) b -> b.callGrace(Duration.ZERO)),
        Arguments.of(
            "shutdownTimeout",
            (UnaryOperator<ControlConfig.Builder>) b -> b.shutdownTimeout(Duration.ofMillis(-1))),
        Arguments.of(
            "maxBufferedBytes",
            (UnaryOperator<ControlConfig.Builder>) b -> b.maxBufferedBytes(1024)),
        Arguments.of(
            "maxTasksPerProgram",
            (UnaryOperator<ControlConfig.Builder>) b -> b.maxServedTasks(4).maxTasksPerProgram(5)),
        Arguments.of(
            "busyPoll",
            (UnaryOperator<ControlConfig.Builder>) b -> b.busyPoll(Duration.ofNanos(-1))),
        Arguments.of(
            "busyPoll",
            (UnaryOperator<ControlConfig.Builder>)
                b -> b.busyPoll(ControlConfig.MAX_BUSY_POLL.plusNanos(1))),
        Arguments.of("version", (UnaryOperator<ControlConfig.Builder>) b -> b.version(" ")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void build_valueOutOfRange_illegalArgumentNamingTheOption(
      String option, UnaryOperator<ControlConfig.Builder> change) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> change.apply(ControlConfig.builder()).build());
    assertTrue(e.getMessage().startsWith(option), e.getMessage());
  }
}
