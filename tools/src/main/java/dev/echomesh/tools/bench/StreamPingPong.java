package dev.echomesh.tools.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor of the call benchmark: a blocking ping-pong on one loopback socket, the client
 * writing a length-prefixed payload and the server writing it back, each in one write. Either
 * plain TCP or JSSE TLS 1.3 with mutual authentication; TCP_NODELAY on both ends. One call in
 * flight at most.
 */
final class StreamPingPong implements EchoTarget {

  private static final Logger LOG = LoggerFactory.getLogger(StreamPingPong.class);

  /** Bound on one frame, so a corrupt length cannot make the server allocate gigabytes. */
  static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);
  /** The server gives up on a client silent this long, so its thread always ends. */
  private static final Duration SERVER_IDLE_TIMEOUT = Duration.ofSeconds(60);
  static final String TLS_1_3 = "TLSv1.3";
  /** The suite BoringSSL picks on AES-capable CPUs, pinned so the floor does the same work. */
  static final String TLS_SUITE = "TLS_AES_128_GCM_SHA256";

  private final String name;
  private final String transport;
  private final ServerSocket serverSocket;
  private final Thread serverThread;
  private final Socket client;
  private final DataInputStream in;
  private final OutputStream out;
  private int currentTimeoutMillis = -1;

  private StreamPingPong(
      String name, String transport, ServerSocket serverSocket, Thread serverThread, Socket client)
      throws IOException {
    this.name = name;
    this.transport = transport;
    this.serverSocket = serverSocket;
    this.serverThread = serverThread;
    this.client = client;
    this.in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
    this.out = client.getOutputStream();
  }

  /** Plain TCP ping-pong. */
  static StreamPingPong openTcp() throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread serverThread = startServer(server, "bench-tcp-echo");
    Socket client = new Socket();
    client.setTcpNoDelay(true);
    client.connect(server.getLocalSocketAddress(), (int) ACCEPT_TIMEOUT.toMillis());
    return new StreamPingPong("tcpFloor", "TCP (blocking socket)", server, serverThread, client);
  }

  /** JSSE TLS 1.3 ping-pong with mutual authentication, after a completed handshake. */
  static StreamPingPong openTls(BenchCredentials credentials) throws IOException {
    SSLContext serverContext = JsseContexts.forNode(credentials, credentials.server());
    SSLContext clientContext = JsseContexts.forNode(credentials, credentials.client());
    SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket();
    server.setNeedClientAuth(true);
    server.setEnabledProtocols(new String[] {TLS_1_3});
    server.setEnabledCipherSuites(new String[] {TLS_SUITE});
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread serverThread = startServer(server, "bench-tls-echo");
    SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket();
    client.setTcpNoDelay(true);
    client.setEnabledProtocols(new String[] {TLS_1_3});
    client.setEnabledCipherSuites(new String[] {TLS_SUITE});
    client.connect(server.getLocalSocketAddress(), (int) ACCEPT_TIMEOUT.toMillis());
    client.setSoTimeout((int) ACCEPT_TIMEOUT.toMillis());
    client.startHandshake();
    String transport =
        client.getSession().getProtocol()
            + " "
            + client.getSession().getCipherSuite()
            + " (JSSE "
            + clientContext.getProvider().getName()
            + ", blocking socket)";
    return new StreamPingPong("tlsFloor", transport, server, serverThread, client);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String transport() {
    return transport;
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
    out.write(frame(payload));
    out.flush();
    return readFrame(in);
  }

  @Override
  public void close() {
    closeQuietly(client);
    closeQuietly(serverSocket);
    try {
      serverThread.join(ACCEPT_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(Integer.BYTES + payload.length)
        .putInt(payload.length)
        .put(payload)
        .array();
  }

  static byte[] readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_FRAME_BYTES) {
      throw new IOException("frame length " + length + " outside 0.." + MAX_FRAME_BYTES);
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return payload;
  }

  /** Serves exactly one connection, echoing frames until the client closes it. */
  private static Thread startServer(ServerSocket server, String threadName) throws IOException {
    server.setSoTimeout((int) ACCEPT_TIMEOUT.toMillis());
    Thread thread =
        new Thread(
            () -> {
              try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) SERVER_IDLE_TIMEOUT.toMillis());
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                while (!server.isClosed()) {
                  byte[] payload = readFrame(in);
                  out.write(frame(payload));
                  out.flush();
                }
              } catch (EOFException | SocketException e) {
                // The client closed the connection: the run is over.
              } catch (IOException e) {
                LOG.warn("{} stopped before its client closed: {}", threadName, e.toString());
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing at the end of a run; nothing left to do with the error.
    }
  }

  @Override
  public String toString() {
    return name + " " + transport;
  }
}
