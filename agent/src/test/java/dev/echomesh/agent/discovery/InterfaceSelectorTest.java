package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InterfaceSelectorTest {

  /** A typical developer laptop with containers, a VM bridge and two VPNs. */
  private static final List<LocalInterface> MACHINE = List.of(
      Nics.withFlags("lo", true, true, false),
      Nics.ethernet("eth0", "192.0.2.10"),
      Nics.ethernet("wlan0", "198.51.100.7"),
      Nics.withFlags("eth1", false, false, true),
      Nics.withFlags("sit0", true, false, false),
      Nics.ethernet("docker0", "172.17.0.1"),
      Nics.ethernet("br-4f2a9c", "172.18.0.1"),
      Nics.ethernet("veth1a2b3c", "169.254.9.9"),
      Nics.ethernet("virbr0", "192.168.122.1"),
      Nics.ethernet("tun0", "10.8.0.2"),
      Nics.ethernet("wg0", "10.9.0.2"),
      Nics.ethernet("tailscale0", "100.64.0.5"),
      Nics.ethernet("zt7nnig26", "10.147.17.3"));

  static Stream<Arguments> selections() {
    return Stream.of(
        Arguments.of("defaults: physical, up, multicast only", List.of(), List.of(), List.of(),
            Set.of("eth0", "wlan0")),
        Arguments.of("exclude a physical one", List.of(), List.of(), List.of("wlan*"), Set.of("eth0")),
        Arguments.of("include admits a virtual one", List.of(), List.of("docker0", "eth*"), List.of(),
            Set.of("eth0", "docker0")),
        Arguments.of("include, then exclude wins", List.of(), List.of("*"), List.of("veth*", "wlan0"),
            Set.of("eth0", "docker0", "br-4f2a9c", "virbr0", "tun0", "wg0", "tailscale0", "zt7nnig26")),
        Arguments.of("? matches one character", List.of(), List.of("wg?"), List.of(), Set.of("wg0")),
        Arguments.of("explicit names, virtual allowed", List.of("wg0", "eth0"), List.of(), List.of(),
            Set.of("wg0", "eth0")),
        Arguments.of("explicit down or non-multicast names are still refused", List.of("eth1", "sit0", "lo"),
            List.of(), List.of(), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selections")
  void select_table_expectedInterfaces(String title, List<String> names, List<String> include,
      List<String> exclude, Set<String> expected) {
    InterfaceSelector.Selection selection = new InterfaceSelector(names, include, exclude).select(MACHINE);

    assertEquals(expected, selection.selectedNames(), title);
    for (LocalInterface nic : MACHINE) {
      assertTrue(expected.contains(nic.name()) ^ selection.skipped().containsKey(nic.name()),
          nic.name() + " is either selected or skipped with a reason");
    }
  }

  @Test
  void select_defaults_explainEverySkip() {
    var skipped = InterfaceSelector.defaults().select(MACHINE).skipped();

    assertEquals("loopback", skipped.get("lo"));
    assertEquals("down or without carrier", skipped.get("eth1"));
    assertEquals("no multicast support", skipped.get("sit0"));
    assertTrue(skipped.get("docker0").startsWith("virtual (matches docker*)"), skipped.get("docker0"));
  }

  @Test
  void select_explicitNameMissing_reportedAsSkipped() {
    var selection = new InterfaceSelector(List.of("eth9"), List.of(), List.of()).select(MACHINE);

    assertTrue(selection.selected().isEmpty());
    assertEquals("no such interface", selection.skipped().get("eth9"));
  }

  @Test
  void select_keepsTheGivenOrder() {
    var selection = InterfaceSelector.defaults().select(MACHINE);

    assertEquals(List.of("eth0", "wlan0"), selection.selected().stream().map(LocalInterface::name).toList());
  }

  @Test
  void constructor_namesWithPatterns_throws() {
    assertThrows(IllegalArgumentException.class,
        () -> new InterfaceSelector(List.of("eth0"), List.of("wlan*"), List.of()));
  }

  @Test
  void constructor_blankOrSpacedPattern_throws() {
    assertThrows(IllegalArgumentException.class, () -> new InterfaceSelector(List.of(), List.of(" "), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new InterfaceSelector(List.of(), List.of(), List.of("e th0")));
    assertThrows(IllegalArgumentException.class, () -> new InterfaceSelector(List.of(""), List.of(), List.of()));
  }

  @Test
  void glob_specialRegexCharacters_matchLiterally() {
    assertTrue(Glob.of("br-4f2a9c").matches("br-4f2a9c"));
    assertTrue(Glob.of("eth0.100").matches("eth0.100"));
    assertEquals(false, Glob.of("eth0.100").matches("eth0x100"));
    assertEquals(false, Glob.of("eth*").matches("veth0"), "a pattern matches the whole name");
  }
}
