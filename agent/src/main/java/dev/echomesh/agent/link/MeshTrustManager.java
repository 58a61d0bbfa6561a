package dev.echomesh.agent.link;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager over the mesh's trust anchors, for the OpenSSL provider: a
 * certificate it rejects for another reason than its dates is reported to BoringSSL as "issuer
 * unknown", so the peer receives an {@code unknown_ca} alert. Without this, Netty reports
 * "unspecified" and BoringSSL sends {@code internal_error}, which tells the other side's operator
 * nothing. (The JDK provider already sends the right alert with the plain trust manager.)
 */
final class MeshTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager pkix;

  private MeshTrustManager(X509ExtendedTrustManager pkix) {
    this.pkix = pkix;
  }

  /** A trust manager accepting certificates signed by one of {@code anchors}. */
  static TrustManager over(List<X509Certificate> anchors) throws SSLException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("anchor-" + i, anchors.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager pkix) {
          return new MeshTrustManager(pkix);
        }
      }
      throw new SSLException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new SSLException("cannot set up the mesh's trust anchors: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(() -> pkix.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(() -> pkix.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verify(() -> pkix.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verify(() -> pkix.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(() -> pkix.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(() -> pkix.checkServerTrusted(chain, authType));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  /** One of the PKIX trust manager's checks. */
  @FunctionalInterface
  private interface Check {
    void run() throws CertificateException;
  }

  /** Runs {@code check}, its rejection turned into the one Netty should report ({@link #withAlert}). */
  private static void verify(Check check) throws CertificateException {
    try {
      check.run();
    } catch (CertificateException e) {
      throw withAlert(e);
    }
  }

  /**
   * {@code rejection} as Netty should report it to BoringSSL: dated and revoked certificates as
   * they are (Netty maps those to their own alerts), everything else as an unknown issuer.
   */
  static CertificateException withAlert(CertificateException rejection) {
    for (Throwable t = rejection; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
          || t instanceof OpenSslCertificateException) {
        return rejection;
      }
      if (t instanceof CertPathValidatorException cpve && (cpve.getReason() == BasicReason.EXPIRED
          || cpve.getReason() == BasicReason.NOT_YET_VALID || cpve.getReason() == BasicReason.REVOKED)) {
        return rejection;
      }
    }
    return new OpenSslCertificateException(rejection.getMessage(), rejection,
        CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  }
}
