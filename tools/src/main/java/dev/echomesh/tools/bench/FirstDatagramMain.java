package dev.echomesh.tools.bench;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * A raw UDP receiver for the start-up measurement, run in a virtual-LAN host: binds the
 * wildcard address at {@code PORT} (so subnet broadcasts arrive), prints {@code ready <millis>},
 * then {@code datagram <millis> <source> <bytes>} for the first datagram, and exits; after
 * {@code TIMEOUT_SECONDS} with none it prints {@code timeout <millis>} and exits.
 *
 * <p>Usage: {@code FirstDatagramMain PORT TIMEOUT_SECONDS}.
 */
public final class FirstDatagramMain {

  private FirstDatagramMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int timeoutMillis = Math.toIntExact(Long.parseLong(args[1]) * 1000);
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.setBroadcast(true);
      socket.bind(new InetSocketAddress(port));
      socket.setSoTimeout(timeoutMillis);
      System.out.println("ready " + System.currentTimeMillis());
      System.out.flush();
      DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
      try {
        socket.receive(packet);
        long at = System.currentTimeMillis();
        System.out.println("datagram " + at + " " + packet.getAddress().getHostAddress() + " " + packet.getLength());
      } catch (SocketTimeoutException e) {
        System.out.println("timeout " + System.currentTimeMillis());
      }
      System.out.flush();
    }
  }
}
