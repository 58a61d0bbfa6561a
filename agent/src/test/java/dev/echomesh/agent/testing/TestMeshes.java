package dev.echomesh.agent.testing;

import dev.echomesh.agent.identity.MeshCa;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.identity.NodeKeys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Cheap mesh members for tests: make a mesh, make members of it (and of another mesh), and
 * credentials that no mesh CA signed, for negative TLS tests.
 *
 * <pre>{@code
 * TestMesh mesh = TestMeshes.newMesh();
 * NodeCredentials a = mesh.newNode("a");
 * NodeCredentials b = mesh.newNode("b");
 * NodeCredentials stranger = TestMeshes.newMesh().newNode("x");   // another mesh
 * NodeCredentials forged = TestMeshes.selfSigned("x");            // no CA at all
 * MeshSecrets secrets = mesh.secrets();                           // ping key, mesh ID
 * }</pre>
 */
public final class TestMeshes {

  private TestMeshes() {}

  /** A new mesh with a random mesh key. */
  public static TestMesh newMesh() {
    return new TestMesh(MeshKey.generate());
  }

  /** The mesh of a given key (the same key always gives the same CA and secrets). */
  public static TestMesh meshOf(MeshKey meshKey) {
    return new TestMesh(meshKey);
  }

  /**
   * Credentials whose certificate is self-signed by the node's own key (no mesh CA): the trust
   * anchor is that same certificate. A member must refuse such a peer at the handshake.
   */
  public static NodeCredentials selfSigned(String nodeName) {
    KeyPair keys = NodeKeys.generate();
    NodeId nodeId = NodeId.of(keys.getPublic());
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "self-signed")
            .addRDN(BCStyle.OU, nodeName)
            .addRDN(BCStyle.CN, nodeId.toString())
            .build();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(now.getEpochSecond()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new NodeCredentials(nodeId, keys.getPrivate(), List.of(certificate), List.of(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("could not make a self-signed test certificate", e);
    }
  }

  /** One mesh: its key, its CA, its secrets, and a factory of members. */
  public static final class TestMesh {

    private final MeshKey meshKey;
    private final MeshCa ca;

    private TestMesh(MeshKey meshKey) {
      this.meshKey = meshKey;
      this.ca = MeshCa.fromMeshKey(meshKey);
    }

    /** A new member: a fresh P-256 key pair with a certificate from this mesh's CA. */
    public NodeCredentials newNode(String nodeName) {
      return ca.credentials(NodeKeys.generate(), nodeName);
    }

    /** A member holding {@code keys} (e.g. to re-issue a node's certificate). */
    public NodeCredentials node(KeyPair keys, String nodeName) {
      return ca.credentials(keys, nodeName);
    }

    /** The mesh's UDP ping key and public mesh ID. */
    public MeshSecrets secrets() {
      return meshKey.secrets();
    }

    public MeshKey meshKey() {
      return meshKey;
    }

    public MeshCa ca() {
      return ca;
    }

    /** The trust anchor every member of this mesh has. */
    public X509Certificate caCertificate() {
      return ca.certificate();
    }

    @Override
    public String toString() {
      return "TestMesh[" + meshKey.meshId() + "]";
    }
  }
}
