package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.MeshCa;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.NodeKeys;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The TLS stream floor of the files part, one process per side on two virtual-LAN hosts: the
 * sender reads a file and writes it to one JSSE TLS 1.3 socket (mutual authentication with
 * credentials of the benchmark's mesh, AES-128-GCM as BoringSSL picks), the receiver writes what
 * arrives to a file and acknowledges the last byte. No framing beyond a length, no hashing: the
 * least work that moves a file over TLS.
 *
 * <pre>
 * TlsStreamMain receive MESH_KEY_FILE PORT OUTPUT     prints "listening", then "received BYTES"
 * TlsStreamMain send MESH_KEY_FILE HOST PORT FILE     prints "sent BYTES NANOS" (connected to acknowledged)
 * </pre>
 */
public final class TlsStreamMain {

  private static final int BUFFER_BYTES = 256 * 1024;
  private static final int ACCEPT_TIMEOUT_MILLIS = 60_000;
  private static final int READ_TIMEOUT_MILLIS = 120_000;

  private TlsStreamMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("receive")) {
      receive(credentials(Path.of(args[1])), Integer.parseInt(args[2]), Path.of(args[3]));
    } else if (args.length == 5 && args[0].equals("send")) {
      send(credentials(Path.of(args[1])), args[2], Integer.parseInt(args[3]), Path.of(args[4]));
    } else {
      System.err.println("usage: TlsStreamMain receive MESH_KEY_FILE PORT OUTPUT | send MESH_KEY_FILE HOST PORT FILE");
      System.exit(2);
    }
  }

  private static BenchCredentials credentials(Path meshKeyFile) throws IOException {
    MeshKey meshKey = MeshKey.fromJoinCode(Files.readString(meshKeyFile, StandardCharsets.US_ASCII).strip());
    MeshCa ca = MeshCa.fromMeshKey(meshKey);
    return new BenchCredentials(meshKey, ca.credentials(NodeKeys.generate(), "tls-receiver"),
        ca.credentials(NodeKeys.generate(), "tls-sender"));
  }

  private static void receive(BenchCredentials credentials, int port, Path output) throws IOException {
    SSLContext context = JsseContexts.forNode(credentials, credentials.server());
    try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket()) {
      server.setNeedClientAuth(true);
      server.setEnabledProtocols(new String[] {StreamPingPong.TLS_1_3});
      server.setEnabledCipherSuites(new String[] {StreamPingPong.TLS_SUITE});
      server.setSoTimeout(ACCEPT_TIMEOUT_MILLIS);
      server.bind(new InetSocketAddress(port));
      System.out.println("listening");
      System.out.flush();
      try (SSLSocket socket = (SSLSocket) server.accept();
          FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        long length = in.readLong();
        byte[] buffer = new byte[BUFFER_BYTES];
        long left = length;
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            throw new IOException("the sender stopped " + left + " bytes early");
          }
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
          left -= n;
        }
        socket.getOutputStream().write(1);
        socket.getOutputStream().flush();
        System.out.println("received " + length);
      }
    }
  }

  private static void send(BenchCredentials credentials, String host, int port, Path file) throws IOException {
    SSLContext context = JsseContexts.forNode(credentials, credentials.client());
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      socket.setEnabledProtocols(new String[] {StreamPingPong.TLS_1_3});
      socket.setEnabledCipherSuites(new String[] {StreamPingPong.TLS_SUITE});
      socket.connect(new InetSocketAddress(host, port), ACCEPT_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      long start = System.nanoTime();
      socket.startHandshake();
      long length = in.size();
      OutputStream out = socket.getOutputStream();
      new DataOutputStream(out).writeLong(length);
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
      long sent = 0;
      while (sent < length) {
        buffer.clear();
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException(file + " ended " + (length - sent) + " bytes early");
        }
        out.write(buffer.array(), 0, n);
        sent += n;
      }
      out.flush();
      InputStream ack = socket.getInputStream();
      if (ack.read() != 1) {
        throw new IOException("the receiver did not acknowledge the last byte");
      }
      System.out.println("sent " + length + " " + (System.nanoTime() - start));
    }
  }
}
