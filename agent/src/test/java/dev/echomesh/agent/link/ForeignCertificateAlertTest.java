package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.testing.EmbeddedTls;
import dev.echomesh.agent.testing.EmbeddedTls.Side;
import dev.echomesh.agent.testing.TestMeshes;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client whose certificate is not signed by this mesh's CA (another mesh, or self-signed) is
 * refused with a TLS alert that says so (unknown_ca, bad_certificate or certificate_unknown), with
 * either provider on the server side, never with internal_error. The client is a JDK SSLEngine
 * that trusts any server and presents its certificate whatever the server asks for, so that only
 * the server's verification is tested; it reads the alert from its own handshake failure.
 */
class ForeignCertificateAlertTest {

  private final NodeCredentials server = TestMeshes.newMesh().newNode("server");

  @ParameterizedTest(name = "server {0}, another mesh's client")
  @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
  void handshake_clientOfAnotherMesh_serverSendsUnknownCaAlert(SslProvider serverProvider) throws Exception {
    String alert = alertReceivedBy(TestMeshes.newMesh().newNode("stranger"), serverProvider);
    assertTrue(alert.contains("unknown_ca") || alert.contains("bad_certificate")
        || alert.contains("certificate_unknown"), alert);
    assertFalse(alert.contains("internal_error"), alert);
  }

  @ParameterizedTest(name = "server {0}, self-signed client")
  @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
  void handshake_selfSignedClient_serverSendsCertificateAlert(SslProvider serverProvider) throws Exception {
    String alert = alertReceivedBy(TestMeshes.selfSigned("forged"), serverProvider);
    assertTrue(alert.contains("unknown_ca") || alert.contains("bad_certificate")
        || alert.contains("certificate_unknown"), alert);
    assertFalse(alert.contains("internal_error"), alert);
  }

  /** The handshake failure of a JDK client presenting {@code credentials}, lower-cased. */
  private String alertReceivedBy(NodeCredentials credentials, SslProvider serverProvider) throws Exception {
    assumeTrue(serverProvider == SslProvider.JDK || OpenSsl.isAvailable(), "netty-tcnative is not loadable here");
    Side c = EmbeddedTls.side(SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3")
        .keyManager(new RawTlsClient.AlwaysPresent(credentials))
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .endpointIdentificationAlgorithm(null)
        .build());
    Side s = EmbeddedTls.side(TlsContexts.create(server, serverProvider).server());
    EmbeddedTls.pump(c, s);
    SslHandler clientSsl = c.ssl();
    SslHandler serverSsl = s.ssl();
    assertFalse(serverSsl.handshakeFuture().isSuccess(), "the server accepted a foreign certificate");
    assertEquals(Refusal.NOT_A_MEMBER, TlsFailures.kind(serverSsl.handshakeFuture().cause()),
        String.valueOf(serverSsl.handshakeFuture().cause()));
    // In TLS 1.3 the client's handshake is over before the server checks its certificate: the
    // alert arrives as the next record.
    Throwable failure = clientSsl.handshakeFuture().cause() != null
        ? clientSsl.handshakeFuture().cause() : c.failures().failure();
    assertTrue(failure != null, "the client received no alert");
    c.channel().finishAndReleaseAll();
    s.channel().finishAndReleaseAll();
    return TlsFailures.describe(failure).toLowerCase(Locale.ROOT);
  }
}
