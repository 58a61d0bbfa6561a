package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** {@link TlsFailures.kind} and {@link TlsFailures.describe} of TLS failures. */
class TlsFailuresTest {

  @Test
  void describe_closedDuringHandshake_namesTheCauseInsteadOfNull() {
    String reason = TlsFailures.describe(new ClosedChannelException());
    assertFalse(reason.contains("null"), reason);
    assertTrue(reason.contains("closed the connection"), reason);
    assertEquals(Refusal.ABANDONED, TlsFailures.kind(new ClosedChannelException()));
  }

  @Test
  void describe_exceptionWithoutAnyMessage_namesItsType() {
    String reason = TlsFailures.describe(new SSLHandshakeException(null));
    assertEquals("a SSLHandshakeException without a message", reason);
  }

  @Test
  void kind_notTls_isNotTls() {
    assertEquals(Refusal.NOT_TLS, TlsFailures.kind(new DecoderException(new NotSslRecordException("x"))));
  }

  @Test
  void kind_handshakeTimeout_isHandshakeTimeout() {
    assertEquals(Refusal.HANDSHAKE_TIMEOUT,
        TlsFailures.kind(new SslHandshakeTimeoutException("handshake timed out after 5000ms")));
  }

  @Test
  void kind_untrustedCertificate_isNotAMember() {
    SSLHandshakeException pkix = new SSLHandshakeException("PKIX path building failed");
    pkix.initCause(new CertificateException("unable to find valid certification path"));
    assertEquals(Refusal.NOT_A_MEMBER, TlsFailures.kind(pkix));
    assertTrue(TlsFailures.describe(pkix).contains("not signed by this mesh's CA"));
    assertEquals(Refusal.NOT_A_MEMBER,
        TlsFailures.kind(new SSLHandshakeException("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA")));
  }

  @Test
  void kind_otherTlsFailure_isTlsFailed() {
    assertEquals(Refusal.TLS_FAILED, TlsFailures.kind(new SSLHandshakeException("no cipher suites in common")));
  }
}
