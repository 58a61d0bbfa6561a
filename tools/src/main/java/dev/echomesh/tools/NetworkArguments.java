package dev.echomesh.tools;

import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.settings.Addresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsing of the agent's network options: {@code --bind ADDR}, {@code --peer HOST[:PORT]} and {@code --api-listen HOST:PORT}. */
final class NetworkArguments {

  private NetworkArguments() {}

  /** @see Addresses#ipLiteral */
  static InetAddress ipLiteral(String text) {
    return Addresses.ipLiteral(text);
  }

  /** @see Addresses#hostPort */
  static InetSocketAddress hostPort(String text) {
    return Addresses.hostPort(text);
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

  /** Picocli converter for {@code --api-listen}: the port is required. */
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

  /** Picocli converter for {@code --peer}: {@code HOST} alone means the well-known link port. */
  static final class PeerAddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      try {
        return Addresses.hostPort(value, LinkConfig.DEFAULT_PORT);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
