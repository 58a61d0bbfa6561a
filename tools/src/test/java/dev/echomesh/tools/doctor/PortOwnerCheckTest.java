package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortOwnerCheckTest {

  private static final Ports PORTS = new Ports(47200, 47201);

  /** /proc/net/udp with a socket on 0.0.0.0:47200 (inode 1001) and 127.0.0.1:5353 (1002). */
  private static final String UDP =
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
      + "  101: 00000000:B860 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1001 2 00000000970c99a7 0\n"
      + "  102: 0100007F:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1002 2 00000000970c99a8 0\n";

  /**
   * /proc/net/tcp with a listener on 0.0.0.0:47201 (inode 2001) and an established connection
   * from local port 47201 (inode 2002, state 01), which is no listener.
   */
  private static final String TCP =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      + "   0: 00000000:B861 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 00000000651e6ad7 100 0 0 10 0\n"
      + "   1: 0A00000A:B861 0B00000A:C350 01 00000000:00000000 00:00000000 00000000     0        0 2002 1 00000000651e6ad8 20 4 30 10 -1\n";

  @Test
  void parse_procNetTables_keepsUdpSocketsAndTcpListeners() {
    assertEquals(List.of(new Socket("udp", 47200, 1001), new Socket("udp", 5353, 1002)),
        Socket.parse("udp", UDP));
    assertEquals(List.of(new Socket("tcp", 47201, 2001)), Socket.parse("tcp", TCP));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      agent holds both                 | 10 | 10 | 10 |
      no agent, unreadable udp, nc     |    | 20 |    | port-taken-ping port-taken-link
      agent plus a second on udp       | 10 | 10 | 10 | port-taken-ping
      no agent, both held              | 10 | 10 |    | port-taken-ping port-taken-link
      agent, unreadable owner          |    |    | 10 |
      """)
  void check_owners_nameStrangers(String name, Long udpOwner, Long tcpOwner, Long agentPid,
      String expected) {
    List<Socket> sockets = new java.util.ArrayList<>(Socket.parse("udp", UDP));
    sockets.addAll(Socket.parse("tcp", TCP));
    Map<Long, PortOwnerCheck.Owner> owners = new java.util.HashMap<>();
    if (udpOwner != null) {
      owners.put(1001L, new PortOwnerCheck.Owner(udpOwner, "java"));
    }
    if (tcpOwner != null) {
      owners.put(2001L, new PortOwnerCheck.Owner(tcpOwner, "nc"));
    }
    if (name.contains("second")) {
      sockets.add(new Socket("udp", 47200, 1003));
      owners.put(1003L, new PortOwnerCheck.Owner(30, "java"));
    }
    List<Finding> findings = PortOwnerCheck.check(sockets, owners, PORTS,
        agentPid == null ? OptionalLong.empty() : OptionalLong.of(agentPid));
    List<String> codes = expected == null ? List.of() : List.of(expected.split(" "));
    assertEquals(codes, findings.stream().map(Finding::code).toList(), name);
  }

  @Test
  void check_strangerOnTheLinkPort_namesItsPidAndCommand() {
    Finding finding = PortOwnerCheck.check(Socket.parse("tcp", TCP),
        Map.of(2001L, new PortOwnerCheck.Owner(4242, "nc")), PORTS, OptionalLong.empty()).get(0);
    assertTrue(finding.problem().startsWith("process 4242 (nc) holds the link port 47201/tcp"),
        finding.problem());
    assertTrue(finding.fix().contains("kill 4242"), finding.fix());
  }
}
