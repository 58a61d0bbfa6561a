package dev.echomesh.it.discovery;

import dev.echomesh.agent.discovery.Announcement;
import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.discovery.DiscoveryListener;
import dev.echomesh.agent.discovery.DiscoveryService;
import dev.echomesh.agent.discovery.InterfaceSource;
import dev.echomesh.agent.discovery.LocalAddress;
import dev.echomesh.agent.discovery.LocalInterface;
import dev.echomesh.agent.discovery.LocalNode;
import dev.echomesh.agent.identity.NodeId;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Discovery only, for the virtual LAN: {@code DiscoveryMain NAME MESH_ID LINK_PORT UDP_PORT
 * POLL_MILLIS}. Prints one line per event, each with the wall clock in ms (all hosts share this
 * machine's clock, so lines of different hosts can be subtracted):
 *
 * <pre>
 * started ID EPOCH_MS
 * interfaces [eth0] EPOCH_MS
 * announced ID NAME MESH IP,IP MAC INTERFACE LINK_PORT UDP_PORT EPOCH_MS
 * goodbye ID EPOCH_MS
 * stopping EPOCH_MS / stopped EPOCH_MS
 * </pre>
 *
 * <p>Refuses to run unless every selected interface is in the virtual LAN's 198.18.0.0/15, so
 * it can never announce on a real network. Ends on SIGTERM (with goodbyes) or after
 * {@link #LIFETIME}.
 */
public final class DiscoveryMain {

  static final Duration LIFETIME = Duration.ofMinutes(5);

  private DiscoveryMain() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    String mesh = args[1];
    int linkPort = Integer.parseInt(args[2]);
    int udpPort = Integer.parseInt(args[3]);
    Duration poll = Duration.ofMillis(Long.parseLong(args[4]));
    requireVirtualLan();

    byte[] random = new byte[NodeId.LENGTH_BYTES];
    new SecureRandom().nextBytes(random);
    NodeId id = NodeId.fromBytes(random);
    DiscoveryService discovery = DiscoveryService.create(
        DiscoveryConfig.builder().pollInterval(poll).build(),
        new LocalNode(id, name, mesh, linkPort, udpPort),
        new Printer());

    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      print("stopping " + now());
      long start = System.nanoTime();
      discovery.stop().join();
      print("stopped " + now() + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
      done.countDown();
    }));
    long start = System.nanoTime();
    discovery.start();
    print("started " + id + " " + now() + " start() took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    List<String> shown = List.of();
    long end = System.nanoTime() + LIFETIME.toNanos();
    while (System.nanoTime() - end < 0 && !done.await(100, TimeUnit.MILLISECONDS)) {
      List<String> now = discovery.interfaces();
      if (!now.equals(shown)) {
        shown = now;
        print("interfaces " + now + " " + now());
      }
    }
  }

  private static void requireVirtualLan() throws IOException {
    for (LocalInterface nic : InterfaceSource.system().interfaces()) {
      if (nic.loopback()) {
        continue;
      }
      for (LocalAddress address : nic.addresses()) {
        if (address.address() instanceof Inet4Address && !inVirtualLan(address.address())) {
          System.err.println("refusing to run: " + nic.name() + " has " + address
              + ", outside the virtual LAN's 198.18.0.0/15");
          System.exit(3);
        }
      }
    }
  }

  private static boolean inVirtualLan(InetAddress address) {
    byte[] b = address.getAddress();
    return (b[0] & 0xff) == 198 && ((b[1] & 0xff) == 18 || (b[1] & 0xff) == 19);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static final class Printer implements DiscoveryListener {
    @Override
    public void announced(Announcement a) {
      print("announced " + a.nodeId() + " " + a.name() + " " + a.meshId() + " "
          + a.addresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","))
          + " " + a.mac() + " " + a.interfaceName() + " " + a.linkPort() + " " + a.udpPort() + " " + now());
    }

    @Override
    public void goodbye(NodeId nodeId) {
      print("goodbye " + nodeId + " " + now());
    }
  }
}
