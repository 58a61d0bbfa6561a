package dev.echomesh.agent.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Builds the two kinds of certificate echomesh uses, with BouncyCastle: a CA certificate and a
 * node (end-entity) certificate. Both are signed with deterministic ECDSA (RFC 6979, BouncyCastle's
 * {@code SHA256withECDDSA}, encoded as the usual ecdsa-with-SHA256), so the same inputs always give
 * the same bytes; that is what makes every member's mesh CA certificate identical.
 */
final class Certificates {

  /** Node names end up in the certificate's OU, whose upper bound (X.520) is 64 characters. */
  static final int MAX_NODE_NAME_CHARS = 64;

  private static final int SERIAL_BITS = 127;

  private Certificates() {}

  /** A self-signed CA certificate (path length 0: it signs node certificates only). */
  static X509Certificate ca(
      KeyPair caKeys, X500Name subject, BigInteger serial, Instant notBefore, Instant notAfter) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial,
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(caKeys.getPublic()));
      return sign(builder, caKeys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("could not build a CA certificate", e);
    }
  }

  /**
   * A node certificate for {@code nodeKey} signed by the CA.
   *
   * <p>Subject {@code CN=<node ID>, OU=<node name>, O=<organization>}; subject alternative name
   * URI {@code urn:echomesh:node:<node ID>}; key usage digitalSignature; extended key usage
   * serverAuth and clientAuth (every node is both ends of links).
   */
  static X509Certificate node(
      PublicKey nodeKey,
      String nodeName,
      String organization,
      PrivateKey caKey,
      X509Certificate caCertificate,
      Instant notBefore,
      Instant notAfter,
      SecureRandom random) {
    checkNodeName(nodeName);
    NodeId nodeId = NodeId.of(nodeKey);
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, organization)
            .addRDN(BCStyle.OU, nodeName)
            .addRDN(BCStyle.CN, nodeId.toString())
            .build();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  caCertificate,
                  new BigInteger(SERIAL_BITS, random).add(BigInteger.ONE),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  nodeKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName(GeneralName.uniformResourceIdentifier, nodeUri(nodeId))))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(nodeKey))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  utils.createAuthorityKeyIdentifier(caCertificate));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("could not build a node certificate", e);
    }
  }

  /** The URI a node certificate names its node by in the subject alternative name. */
  static String nodeUri(NodeId nodeId) {
    return "urn:echomesh:node:" + nodeId;
  }

  static void checkNodeName(String nodeName) {
    if (nodeName == null
        || nodeName.isBlank()
        || nodeName.length() > MAX_NODE_NAME_CHARS
        || nodeName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "a node name is 1 to " + MAX_NODE_NAME_CHARS
              + " printable characters, got " + describe(nodeName));
    }
  }

  private static String describe(String nodeName) {
    return nodeName == null ? "none" : nodeName.length() + " characters";
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws CertificateException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new DeterministicEcdsaSigner(key)));
  }
}
