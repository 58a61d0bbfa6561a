package dev.echomesh.agent.link;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;

/**
 * What a failed TLS handshake means, from the exception the JDK or BoringSSL gave: which {@link
 * Refusal} it is, and a one-line reason for the log that names the cause (never "null").
 */
final class TlsFailures {

  /** What the JDK and BoringSSL say (upper-cased) when a certificate is not signed by a trusted CA. */
  private static final List<String> NOT_SIGNED = List.of("PKIX", "CERTIFICATION PATH", "CERTIFICATE_VERIFY_FAILED",
      "UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN", "UNABLE TO GET LOCAL ISSUER");
  /** What they say when the client presented no certificate. */
  private static final List<String> NO_CERTIFICATE = List.of("PEER_DID_NOT_RETURN_A_CERTIFICATE",
      "EMPTY CLIENT CERTIFICATE CHAIN", "CERTIFICATE_REQUIRED");

  private TlsFailures() {}

  /** Which kind of refusal a TLS or decoding failure is. */
  static Refusal kind(Throwable cause) {
    Throwable t = unwrap(cause);
    if (t instanceof SslHandshakeTimeoutException) {
      return Refusal.HANDSHAKE_TIMEOUT;
    }
    if (t instanceof NotSslRecordException) {
      return Refusal.NOT_TLS;
    }
    if (t instanceof ClosedChannelException) {
      return Refusal.ABANDONED;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertificateException || isCertificateProblem(String.valueOf(c.getMessage()))) {
        return Refusal.NOT_A_MEMBER;
      }
    }
    return Refusal.TLS_FAILED;
  }

  /** A one-line reason from a TLS or decoding failure, never "null". */
  static String describe(Throwable cause) {
    Throwable t = unwrap(cause);
    if (t instanceof NotSslRecordException) {
      return "not TLS (a plaintext client?)";
    }
    if (t instanceof ClosedChannelException) {
      return "the other side closed the connection before the TLS handshake finished";
    }
    StringBuilder text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
        text.append(text.length() == 0 ? "" : ": ").append(c.getMessage());
      }
    }
    String raw = text.length() == 0 ? "a " + t.getClass().getSimpleName() + " without a message" : text.toString();
    String upper = raw.toUpperCase(Locale.ROOT);
    if (NO_CERTIFICATE.stream().anyMatch(upper::contains)) {
      return raw + " (the peer presented no certificate: not an echomesh member)";
    }
    if (isCertificateProblem(raw)) {
      return raw + " (the certificate is not signed by this mesh's CA: another mesh, or self-signed)";
    }
    return raw;
  }

  private static Throwable unwrap(Throwable cause) {
    Throwable t = cause;
    while (t instanceof DecoderException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isCertificateProblem(String message) {
    String upper = message.toUpperCase(Locale.ROOT);
    return NOT_SIGNED.stream().anyMatch(upper::contains) || NO_CERTIFICATE.stream().anyMatch(upper::contains);
  }
}
