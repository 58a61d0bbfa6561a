package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS contexts of a node's links: TLS 1.3 only, mutual authentication against the mesh's
 * trust anchors, the node's key handed over directly (no PKIX KeyManagerFactory, which costs
 * about 5 ms more a handshake). OpenSSL (BoringSSL) when netty-tcnative loads, else the JDK.
 * With either provider a certificate not signed by the mesh's CA is refused with a TLS alert
 * naming the problem ({@code unknown_ca} or {@code bad_certificate}), see {@link MeshTrustManager}.
 *
 * <p>There is no host name check: peers are identified by node ID, which the link checks
 * against the certificate after the handshake ({@link #peerNodeId}).
 */
final class TlsContexts {

  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
  private static final String TLS_1_3 = "TLSv1.3";

  private final SslContext server;
  private final SslContext client;
  private final SslProvider provider;

  private TlsContexts(SslContext server, SslContext client, SslProvider provider) {
    this.server = server;
    this.client = client;
    this.provider = provider;
  }

  /** Contexts for {@code credentials}, with the fastest provider this machine has. */
  static TlsContexts create(NodeCredentials credentials) throws SSLException {
    SslProvider provider;
    if (OpenSsl.isAvailable()) {
      provider = SslProvider.OPENSSL;
      log.debug("TLS provider: OpenSSL ({})", OpenSsl.versionString());
    } else {
      provider = SslProvider.JDK;
      log.warn("TLS provider: JDK (netty-tcnative did not load: {}); handshakes take ~10 ms "
          + "instead of ~1 ms", String.valueOf(OpenSsl.unavailabilityCause()));
    }
    return create(credentials, provider);
  }

  /** Contexts for {@code credentials} with a given provider. */
  static TlsContexts create(NodeCredentials credentials, SslProvider provider) throws SSLException {
    X509Certificate[] chain = credentials.certificateChain().toArray(new X509Certificate[0]);
    SslContextBuilder server = SslContextBuilder.forServer(credentials.privateKey(), chain)
        .sslProvider(provider)
        .protocols(TLS_1_3)
        .clientAuth(ClientAuth.REQUIRE);
    SslContextBuilder client = SslContextBuilder.forClient()
        .sslProvider(provider)
        .protocols(TLS_1_3)
        .keyManager(credentials.privateKey(), chain)
        .endpointIdentificationAlgorithm(null);
    if (provider == SslProvider.JDK) {
      X509Certificate[] anchors = credentials.trustAnchors().toArray(new X509Certificate[0]);
      server.trustManager(anchors);
      client.trustManager(anchors);
    } else {
      // Netty's own trust manager would make BoringSSL refuse a foreign certificate with internal_error.
      TrustManager trust = MeshTrustManager.over(credentials.trustAnchors());
      server.trustManager(trust);
      client.trustManager(trust);
    }
    return new TlsContexts(server.build(), client.build(), provider);
  }

  SslContext server() {
    return server;
  }

  SslContext client() {
    return client;
  }

  SslProvider provider() {
    return provider;
  }

  /**
   * The node ID of the certificate the peer presented in a completed handshake.
   *
   * @throws SSLPeerUnverifiedException if the peer presented none
   */
  static NodeId peerNodeId(SslHandler ssl) throws SSLPeerUnverifiedException {
    SSLSession session = ssl.engine().getSession();
    Certificate[] chain = session.getPeerCertificates();
    if (chain == null || chain.length == 0) {
      throw new SSLPeerUnverifiedException("the peer presented no certificate");
    }
    return NodeId.of(chain[0].getPublicKey());
  }
}
