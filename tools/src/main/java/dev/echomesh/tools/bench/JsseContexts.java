package dev.echomesh.tools.bench;

import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK (SunJSSE) TLS contexts for the blocking floor, from the benchmark's credentials. */
final class JsseContexts {

  private static final char[] IN_MEMORY_PASSWORD = "bench".toCharArray();

  private JsseContexts() {}

  /** A TLS context presenting {@code self} and trusting only {@code credentials}' CA. */
  static SSLContext forParty(BenchCredentials credentials, BenchCredentials.Party self) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("self", self.privateKey(), IN_MEMORY_PASSWORD, self.chainArray());
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
      keyManagers.init(keys, IN_MEMORY_PASSWORD);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", credentials.caCertificate());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);

      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a JSSE TLS context", e);
    }
  }
}
