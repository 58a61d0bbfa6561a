package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.proto.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A blocking test server on 127.0.0.1 that presents a member's certificate (TLS 1.3, JSSE) and
 * then speaks raw frames, step by step as the test says: to hold a link handshake at a chosen
 * point (e.g. withhold the Hello), which a real link layer never does. One connection at a time;
 * it asks for no client certificate, and the link layer dialing it checks the server's.
 */
final class RawTlsServer implements AutoCloseable {

  private final SSLServerSocket listener;
  private final Duration readTimeout;
  private SSLSocket connection;
  private InputStream in;

  private RawTlsServer(SSLServerSocket listener, Duration readTimeout) {
    this.listener = listener;
    this.readTimeout = readTimeout;
  }

  /** Listens on an ephemeral port of 127.0.0.1 as the member {@code credentials}. */
  static RawTlsServer listen(NodeCredentials credentials, Duration readTimeout)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(new KeyManager[] {new ServerKey(credentials)}, null, null);
    SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
    listener.setEnabledProtocols(new String[] {"TLSv1.3"});
    listener.setSoTimeout((int) readTimeout.toMillis());
    return new RawTlsServer(listener, readTimeout);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Accepts the next connection and completes its TLS handshake (throws on the read timeout). */
  void acceptAndHandshake() throws IOException {
    connection = (SSLSocket) listener.accept();
    connection.setSoTimeout((int) readTimeout.toMillis());
    connection.startHandshake();
    in = connection.getInputStream();
  }

  void send(LinkMessage message) throws IOException {
    connection.getOutputStream().write(FrameDecoderTest.encode(message));
    connection.getOutputStream().flush();
  }

  /** The next frame of the accepted connection; throws when it closes or on the read timeout. */
  LinkMessage read() throws IOException {
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed");
      }
      length |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("the connection closed within a frame");
    }
    try {
      return FrameConverter.fromFrame(Frame.parseFrom(body));
    } catch (MalformedFrameException e) {
      throw new IOException(e);
    }
  }

  /** The next frame, which must be of {@code type}. */
  <T extends LinkMessage> T read(Class<T> type) throws IOException {
    LinkMessage message = read();
    if (!type.isInstance(message)) {
      throw new IOException("expected a " + type.getSimpleName() + " but got " + message);
    }
    return type.cast(message);
  }

  @Override
  public void close() throws IOException {
    if (connection != null) {
      connection.close();
    }
    listener.close();
  }

  /** Presents the member's certificate as the server. */
  private static final class ServerKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "node";
    private final NodeCredentials credentials;

    ServerKey(NodeCredentials credentials) {
      this.credentials = credentials;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return chooseServerAlias(keyType, issuers, (Socket) null);
    }

    /** Members' keys are ECDSA P-256. */
    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return "EC".equals(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return credentials.certificateChain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return credentials.privateKey();
    }
  }
}
