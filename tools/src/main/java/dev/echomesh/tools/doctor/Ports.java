package dev.echomesh.tools.doctor;

/**
 * The ports whose traffic echomesh needs.
 *
 * @param udpPort the UDP liveness (ping) port
 * @param linkPort the TCP link port
 */
public record Ports(int udpPort, int linkPort) {

  /** The mDNS port (UDP), fixed by RFC 6762. */
  public static final int MDNS = 5353;
}
