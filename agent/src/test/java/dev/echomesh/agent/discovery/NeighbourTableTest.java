package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NeighbourTableTest {

  /** Real layout of Linux's /proc/net/arp, with every kind of entry. */
  private static final String PROC_NET_ARP = String.join("\n",
      "IP address       HW type     Flags       HW address            Mask     Device",
      "198.18.0.2       0x1         0x2         02:ec:00:00:00:02     *        eth0",
      "198.18.0.3       0x1         0x0         00:00:00:00:00:00     *        eth0",
      "198.18.0.4       0x1         0x6         02:EC:00:00:00:04     *        eth0",
      "192.0.2.1        0x1         0x2         aa:bb:cc:dd:ee:ff     *        wlan0",
      "198.18.0.5       0x1         0xzz        02:ec:00:00:00:05     *        eth0",
      "198.18.0.6       0x1         0x2         not-a-mac             *        eth0",
      "300.18.0.7       0x1         0x2         02:ec:00:00:00:07     *        eth0",
      "198.18.0.8       0x1         0x2",
      "",
      "garbage line",
      "");

  @ParameterizedTest
  @CsvSource({
      "198.18.0.2, 02:ec:00:00:00:02",  // complete
      "198.18.0.3, ''",                 // incomplete: no answer yet
      "198.18.0.4, 02:ec:00:00:00:04",  // permanent + complete, upper case normalized
      "192.0.2.1, aa:bb:cc:dd:ee:ff",   // any device
      "198.18.0.5, ''",                 // flags unreadable
      "198.18.0.6, ''",                 // MAC unreadable
      "198.18.0.8, ''",                 // truncated line
      "198.18.0.9, ''"})                // absent
  void parse_sample_completeEntriesOnly(String address, String mac) {
    NeighbourTable table = NeighbourTable.parse(PROC_NET_ARP);

    assertEquals(mac.isEmpty() ? Optional.empty() : Optional.of(mac), table.macOf(Nics.ip(address)));
  }

  @Test
  void parse_headerOnly_empty() {
    assertEquals(Optional.empty(), NeighbourTable.parse(PROC_NET_ARP.lines().findFirst().orElseThrow())
        .macOf(Nics.ip("198.18.0.2")));
  }

  @Test
  void file_readAtEachLookup_seesNewEntries(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("arp");
    Files.writeString(file, PROC_NET_ARP.lines().findFirst().orElseThrow() + "\n");
    NeighbourTable table = new ProcNetArp(file);
    assertEquals(Optional.empty(), table.macOf(Nics.ip("198.18.0.2")));

    Files.writeString(file, PROC_NET_ARP);

    assertEquals(Optional.of("02:ec:00:00:00:02"), table.macOf(Nics.ip("198.18.0.2")));
  }

  @Test
  void file_missingOrIpv6_empty(@TempDir Path dir) {
    assertEquals(Optional.empty(), new ProcNetArp(dir.resolve("absent")).macOf(Nics.ip("198.18.0.2")));
    assertEquals(Optional.empty(), NeighbourTable.parse(PROC_NET_ARP).macOf(Nics.ip("fe80::1")));
  }
}
