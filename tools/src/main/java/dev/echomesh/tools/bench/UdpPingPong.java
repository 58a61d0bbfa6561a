package dev.echomesh.tools.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP floor: a plain {@link DatagramSocket} ping-pong on loopback. The server thread
 * sends every datagram back to its sender; the client sends one and blocks until the reply.
 * A reply that does not arrive in time fails the call (loopback does not lose datagrams
 * unless the machine is overloaded).
 */
final class UdpPingPong implements EchoTarget {

  private static final Logger LOG = LoggerFactory.getLogger(UdpPingPong.class);

  /** Largest datagram either side takes. */
  static final int MAX_DATAGRAM_BYTES = 65_507;
  /** The server gives up after this long without a datagram, so its thread always ends. */
  private static final Duration SERVER_IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  private final DatagramSocket server;
  private final Thread serverThread;
  private final DatagramSocket client;
  private final DatagramPacket receive = new DatagramPacket(new byte[MAX_DATAGRAM_BYTES], MAX_DATAGRAM_BYTES);
  private int currentTimeoutMillis = -1;

  private UdpPingPong(DatagramSocket server, Thread serverThread, DatagramSocket client) {
    this.server = server;
    this.serverThread = serverThread;
    this.client = client;
  }

  static UdpPingPong open() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    DatagramSocket server = new DatagramSocket(new InetSocketAddress(loopback, 0));
    server.setSoTimeout((int) SERVER_IDLE_TIMEOUT.toMillis());
    Thread thread = new Thread(() -> serve(server), "bench-udp-echo");
    thread.setDaemon(true);
    thread.start();
    DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, 0));
    client.connect(server.getLocalSocketAddress());
    return new UdpPingPong(server, thread, client);
  }

  private static void serve(DatagramSocket server) {
    DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM_BYTES], MAX_DATAGRAM_BYTES);
    try {
      while (!server.isClosed()) {
        packet.setLength(MAX_DATAGRAM_BYTES);
        server.receive(packet);
        server.send(packet);
      }
    } catch (SocketException e) {
      // Closed at the end of the run.
    } catch (SocketTimeoutException e) {
      LOG.debug("UDP echo server idle for {}; stopping", SERVER_IDLE_TIMEOUT);
    } catch (IOException e) {
      LOG.warn("UDP echo server stopped: {}", e.toString());
    }
  }

  @Override
  public String name() {
    return "javaUdp";
  }

  @Override
  public String transport() {
    return "UDP (blocking DatagramSocket, loopback)";
  }

  @Override
  public boolean pipelined() {
    return false;
  }

  @Override
  public byte[] call(byte[] payload, Duration timeout) throws IOException {
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    if (timeoutMillis != currentTimeoutMillis) {
      client.setSoTimeout(timeoutMillis);
      currentTimeoutMillis = timeoutMillis;
    }
    client.send(new DatagramPacket(payload, payload.length));
    receive.setLength(MAX_DATAGRAM_BYTES);
    client.receive(receive);
    return Arrays.copyOfRange(receive.getData(), receive.getOffset(), receive.getOffset() + receive.getLength());
  }

  @Override
  public void close() {
    client.close();
    server.close();
    try {
      serverThread.join(JOIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
