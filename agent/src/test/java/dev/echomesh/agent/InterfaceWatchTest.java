package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.discovery.InterfaceSelector;
import dev.echomesh.agent.discovery.LocalAddress;
import dev.echomesh.agent.discovery.LocalInterface;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InterfaceWatchTest {

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static LocalInterface nic(String name, boolean loopback, String... cidrs) {
    List<LocalAddress> addresses = java.util.Arrays.stream(cidrs).map(cidr -> {
      String[] parts = cidr.split("/");
      InetAddress address = ip(parts[0]);
      return new LocalAddress(address, Integer.parseInt(parts[1]), Optional.<Inet4Address>empty());
    }).toList();
    return new LocalInterface(name, true, loopback, true, false, "02:ec:00:00:00:01", addresses);
  }

  @Test
  void refresh_selectedInterfaces_ipv4SubnetsInLivenessTerms() {
    LocalInterface eth0 = nic("eth0", false, "198.18.0.1/24", "fe80::1/64");
    List<LocalInterface> all = List.of(nic("lo", true, "127.0.0.1/8"), eth0, nic("docker0", false, "172.17.0.1/16"));
    InterfaceWatch watch = new InterfaceWatch(() -> all, InterfaceSelector.defaults());
    watch.refresh();
    assertEquals(all, watch.interfaces(), "discovery sees the whole listing and selects with the same rules");
    assertEquals(List.of(new dev.echomesh.agent.liveness.LocalInterface("eth0", "02:ec:00:00:00:01", ip("198.18.0.1"), 24)),
        watch.subnets());
  }

  @Test
  void refresh_listingFails_keepsThePreviousOne() {
    AtomicReference<List<LocalInterface>> listing = new AtomicReference<>(List.of(nic("eth0", false, "198.18.0.1/24")));
    InterfaceWatch watch = new InterfaceWatch(() -> {
      List<LocalInterface> now = listing.get();
      if (now == null) {
        throw new IOException("netlink refused");
      }
      return now;
    }, InterfaceSelector.defaults());
    watch.refresh();
    listing.set(null);
    watch.refresh();
    assertEquals(1, watch.subnets().size());
  }

  @Test
  void subnetsOf_overlongMac_leftOutOfPings() {
    String infiniband = "80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:bc:de:ff:ff:ff:ff:ff:ff";
    LocalInterface ib0 = new LocalInterface("ib0", true, false, true, false, infiniband + ":00:00:00:00:00:00:00:00",
        List.of(new LocalAddress(ip("10.0.0.1"), 24, Optional.empty())));
    assertEquals("", InterfaceWatch.subnetsOf(List.of(ib0)).get(0).mac());
  }
}
