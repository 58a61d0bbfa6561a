package dev.echomesh.agent.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@link InterfaceSource} over {@link NetworkInterface}. */
final class SystemInterfaceSource implements InterfaceSource {

  @Override
  public List<LocalInterface> interfaces() throws IOException {
    List<LocalInterface> all = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      try {
        all.add(describe(nic));
      } catch (SocketException e) {
        // It vanished between listing and reading (e.g. a container's veth going away).
        continue;
      }
    }
    return all;
  }

  static LocalInterface describe(NetworkInterface nic) throws SocketException {
    List<LocalAddress> addresses = new ArrayList<>();
    for (InterfaceAddress address : nic.getInterfaceAddresses()) {
      Optional<Inet4Address> broadcast = address.getBroadcast() instanceof Inet4Address
          ? Optional.of((Inet4Address) address.getBroadcast()) : Optional.empty();
      int bits = address.getAddress().getAddress().length * 8;
      int prefix = address.getNetworkPrefixLength();
      // Some platforms report nonsense (-1, or 128 for IPv4); treat it as a host route.
      addresses.add(new LocalAddress(address.getAddress(), prefix < 0 || prefix > bits ? bits : prefix, broadcast));
    }
    return new LocalInterface(nic.getName(), nic.isUp(), nic.isLoopback(), nic.supportsMulticast(),
        nic.isPointToPoint(), LocalInterface.formatMac(nic.getHardwareAddress()), addresses);
  }
}
