package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.proto.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A blocking test client that speaks TLS 1.3 (JSSE) and raw frames to a link listener, to
 * play intruders and broken peers. Trusts any server: it is the server under test that must
 * refuse.
 */
final class RawTlsClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawTlsClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** A TLS client presenting {@code credentials}, or no certificate when null. */
  static RawTlsClient tls(InetSocketAddress server, NodeCredentials credentials, Duration readTimeout)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    KeyManager[] keys = credentials == null ? null : new KeyManager[] {new AlwaysPresent(credentials)};
    context.init(keys, new TrustManager[] {new TrustAll()}, null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(server.getAddress(), server.getPort());
    socket.setEnabledProtocols(new String[] {"TLSv1.3"});
    socket.setSoTimeout((int) readTimeout.toMillis());
    return new RawTlsClient(socket);
  }

  /** A plain TCP client. */
  static RawTlsClient plain(InetSocketAddress server, Duration readTimeout) throws IOException {
    Socket socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout((int) readTimeout.toMillis());
    return new RawTlsClient(socket);
  }

  void handshake() throws IOException {
    ((SSLSocket) socket).startHandshake();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void send(LinkMessage message) throws IOException {
    send(FrameDecoderTest.encode(message));
  }

  /** The next frame, or null when the server closed the connection (EOF, reset or a TLS alert). */
  Frame readFrame() throws IOException {
    try {
      int length = 0;
      for (int shift = 0; ; shift += 7) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        length |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      byte[] body = in.readNBytes(length);
      return body.length < length ? null : Frame.parseFrom(body);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads frames until the server closes; returns how many arrived. Throws on a read timeout. */
  int framesUntilClosed() throws IOException {
    int frames = 0;
    while (readFrame() != null) {
      frames++;
    }
    return frames;
  }

  /** Every byte until the server closes (plain sockets). Throws on a read timeout. */
  byte[] bytesUntilClosed() throws IOException {
    try {
      return in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * Presents its certificate whatever CAs the server asks for (JSSE's own key manager would
   * send none to a server of another mesh, and the test would not test verification).
   */
  static final class AlwaysPresent extends X509ExtendedKeyManager {
    private static final String ALIAS = "node";
    private final NodeCredentials credentials;

    AlwaysPresent(NodeCredentials credentials) {
      this.credentials = credentials;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
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

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
