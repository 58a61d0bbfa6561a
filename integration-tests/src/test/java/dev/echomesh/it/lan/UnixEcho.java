package dev.echomesh.it.lan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Collectors;

/**
 * Listens on a pathname Unix domain socket inside a virtual host, answers one line with the
 * host's IPv4 addresses (so the caller sees which namespace answered), then exits.
 */
public final class UnixEcho {

  private UnixEcho() {}

  public static void main(String[] args) throws IOException {
    Path path = Path.of(args[0]);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      System.out.println("ready");
      try (SocketChannel client = server.accept()) {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        String line = in.readLine();
        OutputStream out = Channels.newOutputStream(client);
        out.write((line + " from " + addresses() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } finally {
      Files.deleteIfExists(path);
    }
  }

  private static String addresses() throws IOException {
    return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .map(a -> a.getHostAddress())
        .collect(Collectors.joining(","));
  }
}
