package dev.echomesh.agent.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for keys and certificates, with BouncyCastle.
 *
 * <p>Private keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), the one form
 * Netty reads. Reading also accepts OpenSSL's SEC1 form ({@code BEGIN EC PRIVATE KEY}), which
 * {@code openssl ecparam -genkey} makes, for CA mode with a site's own files.
 */
final class Pem {

  private Pem() {}

  static String privateKey(PrivateKey key) {
    return encode(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
  }

  static String certificates(List<X509Certificate> certificates) {
    List<PemObject> objects = new ArrayList<>();
    for (X509Certificate certificate : certificates) {
      try {
        objects.add(new PemObject("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
      }
    }
    return encode(objects);
  }

  /**
   * The one private key in {@code text}.
   *
   * @throws IllegalArgumentException with a short reason if there is none, it is encrypted, or
   *     it cannot be decoded
   */
  static PrivateKey readPrivateKey(String text) {
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      Object object = parser.readObject();
      if (object == null) {
        throw new IllegalArgumentException("no PEM private key in it");
      }
      if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new IllegalArgumentException(
            "the key is encrypted; echomesh needs it unencrypted, owner-only (openssl pkcs8 -topk8 -nocrypt)");
      }
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo) {
        return converter.getPrivateKey((PrivateKeyInfo) object);
      }
      if (object instanceof PEMKeyPair) {
        return converter.getPrivateKey(((PEMKeyPair) object).getPrivateKeyInfo());
      }
      throw new IllegalArgumentException(
          "expected a PEM private key, found " + object.getClass().getSimpleName());
    } catch (IOException | RuntimeException e) {
      throw rethrow(e, "not a PEM private key");
    }
  }

  /**
   * Every certificate in {@code text}, in order.
   *
   * @throws IllegalArgumentException with a short reason if there is none or one is malformed
   */
  static List<X509Certificate> readCertificates(String text) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (!(object instanceof X509CertificateHolder)) {
          throw new IllegalArgumentException(
              "expected only PEM certificates, found " + object.getClass().getSimpleName());
        }
        certificates.add(converter.getCertificate((X509CertificateHolder) object));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw rethrow(e, "not PEM certificates");
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate in it");
    }
    return List.copyOf(certificates);
  }

  private static IllegalArgumentException rethrow(Exception e, String what) {
    if (e instanceof IllegalArgumentException) {
      return (IllegalArgumentException) e;
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IllegalArgumentException(what + " (" + detail.lines().findFirst().orElse("") + ")", e);
  }

  private static String encode(List<PemObject> objects) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      for (PemObject object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing PEM to a string failed", e);
    }
    return text.toString();
  }
}
