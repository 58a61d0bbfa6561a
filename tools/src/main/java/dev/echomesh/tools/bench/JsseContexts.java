package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.NodeCredentials;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** JDK (SunJSSE) TLS contexts for the blocking floor, from the benchmark's credentials. */
final class JsseContexts {

  private static final char[] IN_MEMORY_PASSWORD = "bench".toCharArray();

  private JsseContexts() {}

  /**
   * A TLS 1.3 context presenting {@code self} and trusting only the mesh CA (no host name
   * check: node certificates name nodes, not hosts).
   */
  static SSLContext forNode(BenchCredentials credentials, NodeCredentials self) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("self", self.privateKey(), IN_MEMORY_PASSWORD, BenchCredentials.chain(self));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
      keyManagers.init(keys, IN_MEMORY_PASSWORD);

      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(
          keyManagers.getKeyManagers(),
          new TrustManager[] {MeshTrustManager.trusting(credentials.caCertificate())},
          new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a JSSE TLS context", e);
    }
  }
}
