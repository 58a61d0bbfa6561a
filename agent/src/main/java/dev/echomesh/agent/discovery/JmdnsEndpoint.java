package dev.echomesh.agent.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link JmDNS} instance bound to one interface address. One instance per interface (not
 * {@code JmmDNS}) keeps the interface choice ours and each instance's lifetime explicit.
 */
final class JmdnsEndpoint implements MdnsEndpoint {

  private static final Logger log = LoggerFactory.getLogger(JmdnsEndpoint.class);

  /**
   * How long a resolve request for an added-but-unresolved service may block jmdns's listener
   * thread: as little as possible (jmdns rounds it up to one 200 ms wait). The answer arrives
   * through serviceResolved anyway.
   */
  private static final long RESOLVE_WAIT_MILLIS = 1;

  private final JmDNS jmdns;
  private final Binding binding;

  private JmdnsEndpoint(JmDNS jmdns, Binding binding) {
    this.jmdns = jmdns;
    this.binding = binding;
  }

  /** The factory of jmdns endpoints; {@code hostName} names this machine's A record. */
  static Factory factory(String hostName) {
    return (binding, instanceName, port, txt, events) -> open(hostName, binding, instanceName, port, txt, events);
  }

  private static JmdnsEndpoint open(String hostName, Binding binding, String instanceName, int port,
      byte[] txt, Events events) throws IOException {
    JmDNS jmdns = JmDNS.create(binding.address(), hostName);
    try {
      jmdns.addServiceListener(AnnouncementCodec.SERVICE_TYPE, new Listener(events));
      jmdns.registerService(ServiceInfo.create(AnnouncementCodec.SERVICE_TYPE, instanceName, port, 0, 0, txt));
      return new JmdnsEndpoint(jmdns, binding);
    } catch (IOException | RuntimeException e) {
      jmdns.close();
      throw e;
    }
  }

  @Override
  public void close() {
    long start = System.nanoTime();
    try {
      // Sends the goodbye (TTL 0) at once, twice more a second apart, then closes the socket.
      jmdns.close();
    } catch (IOException e) {
      log.warn("mDNS on {} did not close cleanly: {}", binding.interfaceName(), e.toString());
    }
    log.debug("mDNS on {} closed in {} ms", binding.interfaceName(), (System.nanoTime() - start) / 1_000_000);
  }

  /** jmdns calls this on its own listener thread, one per instance. */
  private static final class Listener implements ServiceListener {
    private final Events events;

    Listener(Events events) {
      this.events = events;
    }

    @Override
    public void serviceAdded(ServiceEvent event) {
      if (event.getInfo() == null || !event.getInfo().hasData()) {
        // Ask for SRV/TXT/A now instead of waiting for the next unsolicited announcement.
        event.getDNS().requestServiceInfo(event.getType(), event.getName(), false, RESOLVE_WAIT_MILLIS);
      }
    }

    @Override
    public void serviceRemoved(ServiceEvent event) {
      events.removed(event.getName());
    }

    @Override
    public void serviceResolved(ServiceEvent event) {
      ServiceInfo info = event.getInfo();
      if (info == null) {
        return;
      }
      events.resolved(event.getName(), info.getTextBytes(), info.getPort(), List.of(info.getInetAddresses()));
    }
  }

  @Override
  public String toString() {
    return "mDNS[" + binding.interfaceName() + " " + binding.address().getHostAddress() + "]";
  }

  /** A jmdns host name for this node: a DNS label from {@code base}. */
  static String hostName(String base) {
    String label = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return label.length() > 63 ? label.substring(0, 63) : label;
  }
}
