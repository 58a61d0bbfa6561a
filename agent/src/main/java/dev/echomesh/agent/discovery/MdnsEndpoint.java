package dev.echomesh.agent.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * mDNS on one address of one interface: announces this node there and reports the other
 * services of our type it sees. The jmdns implementation is {@link JmdnsEndpoint}; tests use
 * fakes.
 */
interface MdnsEndpoint {

  /**
   * Withdraws the announcement (goodbye) and releases the socket. May block for seconds
   * (jmdns); callers run it off any path users wait on.
   */
  void close();

  /** Where an endpoint runs and what it announces. */
  record Binding(String interfaceName, Inet4Address address, String mac) {
    public Binding {
      Objects.requireNonNull(interfaceName, "interfaceName");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(mac, "mac");
    }
  }

  /** What an endpoint reports. Called from jmdns threads. */
  interface Events {
    /** {@code instance} resolved (again) with this TXT data, SRV port and addresses. */
    void resolved(String instance, byte[] txt, int port, List<InetAddress> addresses);

    /** {@code instance} said goodbye or expired. */
    void removed(String instance);
  }

  /** Opens endpoints. */
  interface Factory {
    /**
     * Starts announcing {@code txt} under {@code instanceName} and browsing on {@code binding}.
     * Should return quickly; may still take some time (socket setup), so it is called off the
     * caller's thread.
     *
     * @throws IOException if the socket cannot be opened (address gone, port unavailable)
     */
    MdnsEndpoint open(Binding binding, String instanceName, int port, byte[] txt, Events events)
        throws IOException;
  }
}
