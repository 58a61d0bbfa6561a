package dev.echomesh.it.discovery;

import dev.echomesh.agent.discovery.InterfaceSource;
import dev.echomesh.agent.discovery.LocalInterface;
import dev.echomesh.agent.discovery.NeighbourTable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints what the discovery package reads from the OS of the host it runs in:
 * {@code interface NAME up=B mac=M ipv4=A,.. broadcast=A,.. ipv6=A,..} per interface, then
 * {@code neighbour IP MAC|none} for each address argument.
 */
public final class NetworkFactsMain {

  private NetworkFactsMain() {}

  public static void main(String[] args) throws IOException {
    for (LocalInterface nic : InterfaceSource.system().interfaces()) {
      System.out.println("interface " + nic.name() + " up=" + nic.up() + " mac=" + nic.mac()
          + " ipv4=" + join(nic.ipv4Addresses()) + " broadcast=" + join(nic.broadcastAddresses())
          + " ipv6=" + join(nic.ipv6Addresses()));
    }
    for (String arg : args) {
      InetAddress address = InetAddress.getByName(arg);
      System.out.println("neighbour " + arg + " " + NeighbourTable.system().macOf(address).orElse("none"));
    }
  }

  private static String join(List<? extends InetAddress> addresses) {
    return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","));
  }
}
