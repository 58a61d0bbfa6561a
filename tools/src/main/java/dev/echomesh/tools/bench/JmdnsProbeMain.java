package dev.echomesh.tools.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

/**
 * jmdns alone, run in a virtual-LAN host for the discovery baseline. Prints one event a line,
 * {@code <event> <unix millis> [details]}, on standard output.
 *
 * <pre>
 * JmdnsProbeMain browse   ADDRESS TYPE LIFETIME_SECONDS
 *     prints "ready" once browsing, then "resolved NAME TXT_KEYS" for every resolution
 * JmdnsProbeMain announce ADDRESS TYPE NAME LIFETIME_SECONDS
 *     prints "registering" right before registerService and "registered" after it returns
 * </pre>
 *
 * <p>jmdns is bound to {@code ADDRESS} only (the host's LAN interface, never a real one). The
 * process exits by itself after {@code LIFETIME_SECONDS}, or when killed.
 */
public final class JmdnsProbeMain {

  private static final PrintStream OUT = System.out;
  private static final int ANNOUNCED_PORT = 9;

  private JmdnsProbeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: JmdnsProbeMain browse ADDRESS TYPE LIFETIME | announce ADDRESS TYPE NAME LIFETIME");
      System.exit(2);
    }
    InetAddress address = InetAddress.getByName(args[1]);
    String type = args[2];
    if (args[0].equals("browse")) {
      browse(address, type, Duration.ofSeconds(Long.parseLong(args[3])));
    } else if (args[0].equals("announce") && args.length >= 5) {
      announce(address, type, args[3], Duration.ofSeconds(Long.parseLong(args[4])));
    } else {
      System.err.println("unknown mode " + args[0]);
      System.exit(2);
    }
    System.exit(0);
  }

  private static void browse(InetAddress address, String type, Duration lifetime) throws IOException, InterruptedException {
    JmDNS jmdns = JmDNS.create(address, "bench-browser");
    jmdns.addServiceListener(
        type,
        new ServiceListener() {
          @Override
          public void serviceAdded(ServiceEvent event) {
            event("added", event.getName());
          }

          @Override
          public void serviceRemoved(ServiceEvent event) {
            event("removed", event.getName());
          }

          @Override
          public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            event("resolved", event.getName() + " txt=" + (info.getPropertyNames().hasMoreElements() ? "yes" : "no"));
          }
        });
    event("ready", address.getHostAddress());
    Thread.sleep(lifetime.toMillis());
  }

  private static void announce(InetAddress address, String type, String name, Duration lifetime)
      throws IOException, InterruptedException {
    JmDNS jmdns = JmDNS.create(address, name);
    ServiceInfo info = ServiceInfo.create(type, name, ANNOUNCED_PORT, 0, 0, Map.of("v", "1", "name", name));
    event("registering", name);
    jmdns.registerService(info);
    event("registered", name);
    Thread.sleep(lifetime.toMillis());
  }

  private static synchronized void event(String kind, String details) {
    OUT.println(kind + " " + System.currentTimeMillis() + " " + details);
    OUT.flush();
  }
}
