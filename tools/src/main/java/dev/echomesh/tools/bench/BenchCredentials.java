package dev.echomesh.tools.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates every TLS contender of the benchmark uses: one CA and two ECDSA P-256
 * end entities (server and client), so that gRPC, the JSSE floor and echomesh all shake hands
 * with the same key type and signature algorithm.
 *
 * @param caCertificate the trust anchor of both sides
 * @param server the listening side's key and chain (leaf first)
 * @param client the dialing side's key and chain (leaf first)
 */
record BenchCredentials(X509Certificate caCertificate, Party server, Party client) {

  private static final Duration VALIDITY = Duration.ofDays(1);
  private static final String SIGNATURE = "SHA256withECDSA";

  BenchCredentials {
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(client, "client");
  }

  /** A private key and its certificate chain. */
  record Party(PrivateKey privateKey, List<X509Certificate> chain) {
    Party {
      Objects.requireNonNull(privateKey, "privateKey");
      chain = List.copyOf(chain);
    }

    X509Certificate[] chainArray() {
      return chain.toArray(new X509Certificate[0]);
    }

    @Override
    public String toString() {
      return "Party[" + chain.get(0).getSubjectX500Principal() + "]";
    }
  }

  /** Makes a fresh CA and two end entities valid for 127.0.0.1 and localhost. */
  static BenchCredentials generate() {
    try {
      KeyPair caKeys = newKeyPair();
      X500Name caName = new X500Name("CN=echomesh bench CA");
      X509Certificate ca = sign(caName, caName, caKeys, caKeys.getPrivate(), true, 1);
      Party server = endEntity("CN=bench server", caName, caKeys.getPrivate(), 2);
      Party client = endEntity("CN=bench client", caName, caKeys.getPrivate(), 3);
      return new BenchCredentials(ca, server, client);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the benchmark's P-256 certificates", e);
    }
  }

  private static Party endEntity(String subject, X500Name issuer, PrivateKey caKey, long serial)
      throws Exception {
    KeyPair keys = newKeyPair();
    X509Certificate cert = sign(new X500Name(subject), issuer, keys, caKey, false, serial);
    return new Party(keys.getPrivate(), List.of(cert));
  }

  private static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(
      X500Name subject, X500Name issuer, KeyPair subjectKeys, PrivateKey issuerKey, boolean ca,
      long serial) throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(serial),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(VALIDITY)),
            subject,
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }
}
