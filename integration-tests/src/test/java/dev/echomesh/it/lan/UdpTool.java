package dev.echomesh.it.lan;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A tiny netcat for the harness tests, run inside virtual hosts.
 *
 * <ul>
 *   <li>{@code receive PORT}: prints {@code ready}, then {@code from IP TEXT} per datagram; quits
 *       after {@link #LIFETIME} or on SIGTERM (printing {@code stopped}).
 *   <li>{@code send ADDRESS PORT TEXT}: sends one datagram (broadcast allowed) and exits.
 * </ul>
 */
public final class UdpTool {

  /** A receiver ends by itself after this long, so it never outlives a test run. */
  static final Duration LIFETIME = Duration.ofMinutes(3);

  private UdpTool() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("receive")) {
      receive(Integer.parseInt(args[1]));
    } else if (args.length == 4 && args[0].equals("send")) {
      send(InetAddress.getByName(args[1]), Integer.parseInt(args[2]), args[3]);
    } else {
      System.err.println("usage: UdpTool receive PORT | UdpTool send ADDRESS PORT TEXT");
      System.exit(2);
    }
  }

  private static void receive(int port) throws IOException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopped")));
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setBroadcast(true);
      socket.bind(new InetSocketAddress(port));
      socket.setSoTimeout(1000);
      System.out.println("ready");
      long end = System.nanoTime() + LIFETIME.toNanos();
      byte[] buffer = new byte[1500];
      while (System.nanoTime() - end < 0) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          continue;
        }
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        System.out.println("from " + packet.getAddress().getHostAddress() + " " + text);
      }
    }
  }

  private static void send(InetAddress address, int port, String text) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setBroadcast(true);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      socket.send(new DatagramPacket(bytes, bytes.length, address, port));
    }
  }
}
