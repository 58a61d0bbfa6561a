package dev.echomesh.it.mesh;

import com.google.protobuf.ByteString;
import dev.echomesh.proto.Beacon;
import dev.echomesh.proto.Datagram;
import dev.echomesh.proto.Ping;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hostile UDP traffic for the liveness tests, run inside a virtual host:
 *
 * <ul>
 *   <li>{@code capture PORT FROM}: binds PORT, prints the hex of the first datagram from address
 *       FROM (a real broadcast ping) and exits; gives up after {@link #CAPTURE_TIMEOUT_MILLIS}.
 *   <li>{@code send ADDRESS PORT HEX}: sends those bytes once (a replay).
 *   <li>{@code forge ADDRESS PORT}: sends a well-formed ping of a made-up node, authenticated with
 *       a random key instead of the mesh's (a forgery).
 *   <li>{@code junk ADDRESS PORT N}: sends N random bytes whose first byte, 0xff, is no valid
 *       protobuf tag (garbage).
 * </ul>
 */
public final class DatagramTool {

  static final int CAPTURE_TIMEOUT_MILLIS = 30_000;

  private DatagramTool() {}

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    switch (args.length > 0 ? args[0] : "") {
      case "capture" -> capture(Integer.parseInt(args[1]), InetAddress.getByName(args[2]));
      case "send" -> send(args[1], args[2], HexFormat.of().parseHex(args[3]));
      case "forge" -> send(args[1], args[2], forged());
      case "junk" -> send(args[1], args[2], junk(Integer.parseInt(args[3])));
      default -> {
        System.err.println("usage: DatagramTool capture PORT FROM | send ADDRESS PORT HEX"
            + " | forge ADDRESS PORT | junk ADDRESS PORT N");
        System.exit(2);
      }
    }
  }

  private static void capture(int port, InetAddress from) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      socket.setSoTimeout(CAPTURE_TIMEOUT_MILLIS);
      byte[] buffer = new byte[2048];
      long end = System.currentTimeMillis() + CAPTURE_TIMEOUT_MILLIS;
      while (System.currentTimeMillis() < end) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          break;
        }
        if (packet.getAddress().equals(from)) {
          System.out.println(HexFormat.of().formatHex(Arrays.copyOf(packet.getData(), packet.getLength())));
          return;
        }
      }
      System.err.println("nothing from " + from.getHostAddress());
      System.exit(1);
    }
  }

  private static byte[] forged() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    byte[] nodeId = new byte[32];
    random.nextBytes(nodeId);
    byte[] body = Beacon.newBuilder()
        .setNodeId(ByteString.copyFrom(nodeId))
        .setIncarnation(System.currentTimeMillis())
        .setSeq(1)
        .setSentUnixMillis(System.currentTimeMillis())
        .setPing(Ping.newBuilder().setSendNanos(System.nanoTime()).setLinkPort(47200).setName("forger"))
        .build()
        .toByteArray();
    byte[] key = new byte[32];
    random.nextBytes(key);
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Datagram.newBuilder()
        .setBody(ByteString.copyFrom(body))
        .setMac(ByteString.copyFrom(hmac.doFinal(body)))
        .build()
        .toByteArray();
  }

  private static byte[] junk(int size) {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    bytes[0] = (byte) 0xff;
    return bytes;
  }

  private static void send(String address, String port, byte[] bytes) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(address), Integer.parseInt(port)));
    }
  }
}
