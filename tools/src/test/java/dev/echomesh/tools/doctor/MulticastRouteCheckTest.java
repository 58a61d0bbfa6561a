package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MulticastRouteCheckTest {

  private static final String HEADER =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";
  /** A default route via 192.168.1.1 on eth0, as /proc/net/route prints it. */
  private static final String DEFAULT_ETH0 =
      "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";
  /** 192.168.1.0/24 on eth0. */
  private static final String SUBNET_ETH0 =
      "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
  /** 224.0.0.0/4 on tun0. */
  private static final String MULTICAST_TUN0 =
      "tun0\t000000E0\t00000000\t0001\t0\t0\t0\t000000F0\t0\t0\t0\n";
  /** 224.0.0.0/4 on eth0, but not up (flag 0). */
  private static final String MULTICAST_DOWN =
      "eth0\t000000E0\t00000000\t0000\t0\t0\t0\t000000F0\t0\t0\t0\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      subnet only              | SUBNET                   |
      default route            | SUBNET DEFAULT           | eth0
      multicast route wins     | DEFAULT MULTICAST_TUN0   | tun0
      down route ignored       | SUBNET MULTICAST_DOWN    |
      """)
  void routeOf_tables_pickTheLongestUpRoute(String name, String lines, String expected) {
    StringBuilder table = new StringBuilder(HEADER);
    for (String line : lines.split(" ")) {
      table.append(switch (line) {
        case "SUBNET" -> SUBNET_ETH0;
        case "DEFAULT" -> DEFAULT_ETH0;
        case "MULTICAST_TUN0" -> MULTICAST_TUN0;
        case "MULTICAST_DOWN" -> MULTICAST_DOWN;
        default -> throw new IllegalArgumentException(line);
      });
    }
    assertEquals(Optional.ofNullable(expected), MulticastRouteCheck.routeOf(table.toString()), name);
  }

  @Test
  void check_noRoute_isANoteNotAProblem() {
    List<Finding> findings = MulticastRouteCheck.check(HEADER + SUBNET_ETH0, Set.of("eth0"));
    assertEquals(List.of("no-multicast-route"), findings.stream().map(Finding::code).toList());
    assertEquals(Finding.Severity.NOTE, findings.get(0).severity());
  }

  @Test
  void check_routeThroughVpn_namesIt() {
    List<Finding> findings =
        MulticastRouteCheck.check(HEADER + DEFAULT_ETH0 + MULTICAST_TUN0, Set.of("eth0"));
    assertEquals(List.of("multicast-route-elsewhere"), findings.stream().map(Finding::code).toList());
  }

  @Test
  void check_routeThroughLan_findsNothing() {
    assertEquals(List.of(), MulticastRouteCheck.check(HEADER + DEFAULT_ETH0, Set.of("eth0")));
  }
}
