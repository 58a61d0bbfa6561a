package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TargetsTest {

  private static final LocalInterface ETH0 =
      new LocalInterface("eth0", "02:00:00:00:00:01", address("198.18.0.1"), 16);
  private static final LocalInterface WLAN0 =
      new LocalInterface("wlan0", "02:00:00:00:00:02", address("192.168.1.10"), 24);
  private static final InetSocketAddress STATIC_PEER =
      new InetSocketAddress(address("203.0.113.5"), 47200);

  private final AtomicReference<List<PingTarget>> fromSource = new AtomicReference<>(List.of());
  private final Targets targets =
      new Targets(
          () -> {
            List<PingTarget> current = fromSource.get();
            if (current == null) {
              throw new IllegalStateException("interface watcher broke");
            }
            return current;
          },
          List.of(STATIC_PEER));

  @Test
  void refresh_sourceTargetsThenStaticOnes() {
    fromSource.set(List.of(PingTarget.subnetBroadcast(ETH0, 47200)));

    assertEquals(
        List.of(PingTarget.subnetBroadcast(ETH0, 47200), PingTarget.unicast(STATIC_PEER)),
        targets.refresh());
  }

  @Test
  void refresh_sourceThrows_keepsPreviousList() {
    fromSource.set(List.of(PingTarget.subnetBroadcast(ETH0, 47200)));
    List<PingTarget> before = targets.refresh();
    fromSource.set(null);

    assertEquals(before, targets.refresh());

    fromSource.set(List.of());
    assertEquals(List.of(PingTarget.unicast(STATIC_PEER)), targets.refresh());
  }

  @Test
  void interfaceFor_addressOnATargetsSubnet_thatInterface() {
    fromSource.set(
        List.of(PingTarget.subnetBroadcast(ETH0, 47200), PingTarget.subnetBroadcast(WLAN0, 47200)));
    targets.refresh();

    assertEquals(Optional.of(ETH0), targets.interfaceFor(address("198.18.3.4")));
    assertEquals(Optional.of(WLAN0), targets.interfaceFor(address("192.168.1.77")));
    assertEquals(Optional.empty(), targets.interfaceFor(address("203.0.113.5")));
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
