package dev.echomesh.tools;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsing of the agent's network options: {@code --bind ADDR} and {@code --peer HOST:PORT}. */
final class NetworkArguments {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private NetworkArguments() {}

  /**
   * An IP literal, never a DNS lookup.
   *
   * @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal
   */
  static InetAddress ipLiteral(String text) {
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
  static InetSocketAddress hostPort(String text) {
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

  /** {@code 10.0.0.1:47200} or {@code [::1]:47200}, as people type them back. */
  static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip == null ? address.getHostString() : ip.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** Picocli converter for {@code --bind}. */
  static final class IpConverter implements ITypeConverter<InetAddress> {
    @Override
    public InetAddress convert(String value) {
      try {
        return ipLiteral(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Picocli converter for {@code --peer}. */
  static final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      try {
        return hostPort(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
