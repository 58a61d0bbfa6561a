package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkConfigTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 50_000, 1_000_000})
  void busyPoll_zeroToOneMillisecond_isAccepted(long nanos) {
    assertEquals(Duration.ofNanos(nanos), LinkConfig.builder().busyPoll(Duration.ofNanos(nanos)).build().busyPoll());
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 1_000_001})
  void busyPoll_outsideZeroToOneMillisecond_isRejected(long nanos) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LinkConfig.builder().busyPoll(Duration.ofNanos(nanos)).build());
    assertEquals(true, e.getMessage().contains("link.busy-poll"), e.getMessage());
  }
}
