package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryConfigTest {

  @Test
  void defaults_documentedValues() {
    DiscoveryConfig config = DiscoveryConfig.defaults();

    assertTrue(config.enabled());
    assertEquals(List.of(), config.interfaces());
    assertEquals(List.of(), config.includePatterns());
    assertEquals(List.of(), config.excludePatterns());
    assertEquals(Duration.ofSeconds(5), config.pollInterval());
    assertEquals(Duration.ofSeconds(3), config.closeTimeout());
  }

  @Test
  void build_patterns_selectorUsesThem() {
    DiscoveryConfig config = DiscoveryConfig.builder().include("eth*", "wg0").exclude("eth9").build();

    var selected = config.interfaceSelector().select(List.of(
        Nics.ethernet("eth0", "192.0.2.1"), Nics.ethernet("eth9", "192.0.2.9"), Nics.ethernet("wg0", "10.0.0.1"),
        Nics.ethernet("wlan0", "192.0.2.2")));

    assertEquals(Set.of("eth0", "wg0"), selected.selectedNames());
  }

  @Test
  void build_pollIntervalOutOfRange_throwsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().pollInterval(Duration.ofMillis(99)).build());
    assertTrue(e.getMessage().startsWith("discovery.poll-interval"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.builder().pollInterval(Duration.ofHours(2)).build());
    assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.builder().pollInterval(null).build());
  }

  @Test
  void build_closeTimeoutOutOfRange_throwsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().closeTimeout(Duration.ofMillis(-1)).build());
    assertTrue(e.getMessage().startsWith("discovery.close-timeout"), e.getMessage());
    assertEquals(Duration.ZERO, DiscoveryConfig.builder().closeTimeout(Duration.ZERO).build().closeTimeout());
  }

  @Test
  void build_namesWithPatterns_refused() {
    assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.builder().interfaces("eth0").include("wlan*").build());
    assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.builder().interfaces("eth0").exclude("wlan*").build());
  }

  @Test
  void build_malformedPattern_throws() {
    assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.builder().exclude("").build());
    assertThrows(IllegalArgumentException.class, () -> DiscoveryConfig.builder().interfaces("eth 0").build());
  }
}
