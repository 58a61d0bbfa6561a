package dev.echomesh.agent.settings;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Addresses as people write them in flags and the config file: IP literals (never a DNS lookup)
 * and {@code HOST:PORT}. Each failure is an {@link IllegalArgumentException} with a one-line
 * reason and an example.
 */
public final class Addresses {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[A-Za-z0-9_.-]+)?");

  private Addresses() {}

  /**
   * An IP literal, never a DNS lookup; {@code [::1]} is read as {@code ::1}.
   *
   * @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal
   */
  public static InetAddress ipLiteral(String text) {
    String literal =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP address (like 0.0.0.0, :: or 192.168.1.10)");
    }
    try {
      return InetAddress.getByName(literal); // a literal: parsed, not looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP address (like 0.0.0.0, :: or 192.168.1.10)");
    }
  }

  /**
   * {@code HOST:PORT} or {@code [IPV6]:PORT}; a host name is resolved here, once.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static InetSocketAddress hostPort(String text) {
    return hostPort(text, 0);
  }

  /**
   * {@code HOST:PORT}, {@code [IPV6]:PORT}, or, when {@code defaultPort} is not 0, {@code HOST},
   * {@code IPV6} or {@code [IPV6]} alone meaning that port; a host name is resolved here, once.
   *
   * @param defaultPort the port of an address written without one; 0 = a port is required
   * @throws IllegalArgumentException with a one-line reason
   */
  public static InetSocketAddress hostPort(String text, int defaultPort) {
    if (defaultPort != 0 && withoutPort(text)) {
      return hostPort(bracketed(text) + ":" + defaultPort, 0);
    }
    int colon = text.lastIndexOf(':');
    String host = colon > 0 ? text.substring(0, colon) : "";
    String portText = colon > 0 ? text.substring(colon + 1) : "";
    if (host.isEmpty() || portText.isEmpty() || (host.contains(":") && !host.startsWith("["))) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT (like 192.168.1.10:47200 or [fe80::1%eth0]:47200)");
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "'" + portText + "' in '" + text + "' is not a port (1 to 65535)");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve the host of '" + text + "'");
    }
    return address;
  }

  private static boolean withoutPort(String text) {
    if (text.startsWith("[")) {
      return text.endsWith("]");
    }
    return text.indexOf(':') < 0 || IPV6.matcher(text).matches() && text.indexOf(':') != text.lastIndexOf(':');
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
