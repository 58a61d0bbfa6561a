package dev.echomesh.agent.identity;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * CA mode: a node's credentials from PEM files made by a site's own PKI or by {@link CaTool}.
 *
 * <p>{@link #load} checks what would otherwise fail later, at every handshake, with a vaguer
 * error: the key is an unencrypted P-256 key with owner-only permissions, the certificate is that
 * key's, and the chain verifies (PKIX, at the clock's now) to one of the CA certificates.
 *
 * @param certificateChain PEM file with the node certificate first, then any intermediates
 * @param privateKey PEM file with the node's private key (PKCS#8 or SEC1, unencrypted, 0600)
 * @param caCertificates PEM file with the CA certificate(s) trusted for every peer
 */
public record PemCredentialFiles(Path certificateChain, Path privateKey, Path caCertificates) {

  public PemCredentialFiles {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(caCertificates, "caCertificates");
  }

  /** {@code node.crt}, {@code node.key} and {@code ca.crt} in {@code directory}, as laid out by {@link DataDirectory}. */
  public static PemCredentialFiles in(DataDirectory directory) {
    return new PemCredentialFiles(
        directory.nodeCertificateFile(), directory.nodeKeyFile(), directory.caCertificateFile());
  }

  /** Loads and checks the credentials against the system clock. */
  public NodeCredentials load() {
    return load(Clock.systemUTC());
  }

  /**
   * Loads and checks the credentials.
   *
   * @throws IdentityException IO_ERROR (missing or unreadable file), CORRUPT_FILE,
   *     INSECURE_PERMISSIONS (key open to others) or CREDENTIALS_MISMATCH
   */
  public NodeCredentials load(Clock clock) {
    PrivateKey key = readKey();
    KeyPair keys;
    try {
      keys = NodeKeys.fromPrivateKey(key);
    } catch (IllegalArgumentException e) {
      throw new IdentityException(Reason.CREDENTIALS_MISMATCH, privateKey, privateKey + ": " + e.getMessage(), e);
    }
    List<X509Certificate> anchors = readCertificates(caCertificates);
    List<X509Certificate> chain = new ArrayList<>(readCertificates(certificateChain));
    chain.removeIf(anchors::contains);
    if (chain.isEmpty()) {
      throw new IdentityException(
          Reason.CREDENTIALS_MISMATCH, certificateChain,
          certificateChain + " holds only CA certificates, no node certificate");
    }
    if (!chain.get(0).getPublicKey().equals(keys.getPublic())) {
      throw new IdentityException(
          Reason.CREDENTIALS_MISMATCH, certificateChain,
          certificateChain + " is not the certificate of " + privateKey + " (their public keys differ)");
    }
    verify(chain, anchors, clock);
    return new NodeCredentials(NodeId.of(keys.getPublic()), key, chain, anchors);
  }

  private PrivateKey readKey() {
    byte[] bytes =
        SecureFiles.readSecret(privateKey).orElseThrow(() -> missing(privateKey));
    try {
      return Pem.readPrivateKey(new String(bytes, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          Reason.CORRUPT_FILE, privateKey, privateKey + " is not a usable key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static List<X509Certificate> readCertificates(Path file) {
    if (!Files.exists(file)) {
      throw missing(file);
    }
    try {
      return Pem.readCertificates(
          new String(SecureFiles.readPublic(file), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(Reason.CORRUPT_FILE, file, file + ": " + e.getMessage(), e);
    }
  }

  private void verify(List<X509Certificate> chain, List<X509Certificate> anchors, Clock clock) {
    Set<TrustAnchor> trustAnchors = new HashSet<>();
    anchors.forEach(anchor -> trustAnchors.add(new TrustAnchor(anchor, null)));
    try {
      PKIXParameters parameters = new PKIXParameters(trustAnchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    } catch (CertPathValidatorException e) {
      throw new IdentityException(
          Reason.CREDENTIALS_MISMATCH, certificateChain, mismatch(e, chain), e);
    } catch (GeneralSecurityException e) {
      throw new IdentityException(
          Reason.CREDENTIALS_MISMATCH, certificateChain,
          "cannot check " + certificateChain + " against " + caCertificates + ": " + e.getMessage(), e);
    }
  }

  private String mismatch(CertPathValidatorException e, List<X509Certificate> chain) {
    X509Certificate node =
        e.getIndex() >= 0 && e.getIndex() < chain.size() ? chain.get(e.getIndex()) : chain.get(0);
    if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
      return certificateChain + " expired on " + node.getNotAfter().toInstant()
          + ": issue a new one (`echomesh ca issue`)";
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return certificateChain + " is not valid before " + node.getNotBefore().toInstant()
          + ": check this device's clock";
    }
    return certificateChain + " does not chain to a CA in " + caCertificates + " ("
        + e.getMessage() + ")";
  }

  /** The error for a CA-mode file that is not there. */
  static IdentityException missing(Path file) {
    return new IdentityException(
        Reason.IO_ERROR, file,
        "missing " + file + ": CA mode needs node.crt, node.key and ca.crt (`echomesh ca issue` makes them)");
  }
}
