package dev.echomesh.agent.control;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formats socket addresses the way people type them: {@code 10.0.0.1:7946}, {@code [::1]:7946}. */
final class HostPorts {

  private HostPorts() {}

  static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip == null ? address.getHostString() : ip.getHostAddress();
    if (ip instanceof Inet6Address) {
      host = "[" + host + "]";
    }
    return host + ":" + address.getPort();
  }
}
