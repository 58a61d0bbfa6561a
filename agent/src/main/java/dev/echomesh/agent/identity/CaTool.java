package dev.echomesh.agent.identity;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CA mode for sites that want their own PKI: what {@code echomesh ca init} and {@code echomesh ca
 * issue} do.
 *
 * <p>{@link #initCa} makes a CA directory:
 *
 * <pre>
 * ca.key    0600  the CA's P-256 private key: keep this directory offline
 * ca.crt          the CA certificate: the trust anchor of every node
 * mesh.key  0600  a mesh key, as a join code (see below)
 * </pre>
 *
 * <p>{@link #issue} makes, for one node, a directory that is a complete data directory for it
 * ({@code node.key} 0600, {@code node.crt}, {@code ca.crt}, {@code mesh.key} 0600): copy it to the
 * device over a private channel and start the agent in CA mode with it as {@code --data-dir}
 * ({@link IdentityStore#load(PemCredentialFiles)} with {@link PemCredentialFiles#in}).
 *
 * <p>The mesh key in CA mode. UDP pings and the mDNS mesh ID need a secret every member shares,
 * and certificates do not give one. So {@code ca init} also makes a mesh key, and {@code ca issue}
 * hands it to each node; a node that got its certificate elsewhere stores it with {@code echomesh
 * join CODE}. In CA mode the mesh key is used only for the ping HMAC key and the mesh ID; links
 * trust the site CA alone, never a CA derived from the mesh key. Someone who learns the mesh key
 * can therefore disturb liveness (forge pings) but cannot open a link or call a task.
 */
public final class CaTool {

  /** How long a CA certificate from {@link #initCa} is valid unless told: 10 years. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
  /** How long a node certificate from {@link #issue} is valid unless told: 825 days. */
  public static final Duration DEFAULT_NODE_VALIDITY = Duration.ofDays(825);

  static final String CA_KEY_FILE = "ca.key";

  private static final Logger log = LoggerFactory.getLogger(CaTool.class);
  private static final int SERIAL_BITS = 127;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** A tool issuing certificates valid from {@code clock}'s now. */
  public CaTool(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes a new CA (key, certificate and mesh key) in {@code caDirectory}.
   *
   * @param caName the CA's common name, e.g. "Example Lab echomesh CA"
   * @param validity how long the CA certificate is valid (positive)
   * @return the CA certificate
   * @throws IdentityException IO_ERROR if the directory already holds a CA key, a CA certificate
   *     or a mesh key; nothing is replaced
   */
  public X509Certificate initCa(Path caDirectory, String caName, Duration validity) {
    requirePositive(validity);
    if (caName == null || caName.isBlank()) {
      throw new IllegalArgumentException("a CA needs a name");
    }
    refuseExisting(caDirectory.resolve(CA_KEY_FILE), "a CA key");
    refuseExisting(caDirectory.resolve(DataDirectory.CA_CERTIFICATE_FILE), "a CA certificate");
    refuseExisting(caDirectory.resolve(DataDirectory.MESH_KEY_FILE), "a mesh key");
    KeyPair keys = NodeKeys.generate(random);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate certificate =
        Certificates.ca(
            keys,
            new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "echomesh")
                .addRDN(BCStyle.CN, caName)
                .build(),
            new BigInteger(SERIAL_BITS, random).add(BigInteger.ONE),
            now.minus(MeshCa.CLOCK_SKEW_ALLOWANCE),
            now.plus(validity));
    KeyFiles.writeNodeKey(caDirectory.resolve(CA_KEY_FILE), keys.getPrivate(), false);
    writePublic(caDirectory.resolve(DataDirectory.CA_CERTIFICATE_FILE), List.of(certificate));
    KeyFiles.writeMeshKey(caDirectory.resolve(DataDirectory.MESH_KEY_FILE), MeshKey.generate(random), false);
    log.info("made CA '{}' in {}: keep {} offline", caName, caDirectory, CA_KEY_FILE);
    return certificate;
  }

  /**
   * Issues a node: a new P-256 key and a certificate signed by the CA in {@code caDirectory},
   * written with the CA certificate and mesh key into {@code nodeDirectory}.
   *
   * @param nodeName the node's name, recorded in the certificate (1 to 64 printable characters)
   * @param validity how long the node certificate is valid (positive)
   * @return the new node's credentials (as the node will load them)
   * @throws IdentityException IO_ERROR if {@code nodeDirectory} already holds a node key, a
   *     certificate or a mesh key (so an existing data directory, or the CA directory itself, is
   *     never overwritten); the CA directory's errors as in {@link PemCredentialFiles#load}
   */
  public NodeCredentials issue(
      Path caDirectory, String nodeName, Path nodeDirectory, Duration validity) {
    requirePositive(validity);
    Certificates.checkNodeName(nodeName);
    DataDirectory node = DataDirectory.of(nodeDirectory);
    refuseExisting(node.nodeKeyFile(), "a node key");
    refuseExisting(node.nodeCertificateFile(), "a node certificate");
    refuseExisting(node.caCertificateFile(), "a CA certificate");
    refuseExisting(node.meshKeyFile(), "a mesh key");
    Path caKeyFile = caDirectory.resolve(CA_KEY_FILE);
    Path caCertificateFile = caDirectory.resolve(DataDirectory.CA_CERTIFICATE_FILE);
    KeyPair caKeys =
        KeyFiles.readNodeKeys(caKeyFile)
            .orElseThrow(() -> new IdentityException(
                Reason.IO_ERROR, caKeyFile, "missing " + caKeyFile + ": run `echomesh ca init` first"));
    X509Certificate caCertificate = readCaCertificate(caCertificateFile);
    if (!caCertificate.getPublicKey().equals(caKeys.getPublic())) {
      throw new IdentityException(
          Reason.CREDENTIALS_MISMATCH, caCertificateFile,
          caCertificateFile + " is not the certificate of " + caKeyFile);
    }
    MeshKey meshKey =
        KeyFiles.readMeshKey(caDirectory.resolve(DataDirectory.MESH_KEY_FILE))
            .orElseThrow(() -> new IdentityException(
                Reason.NO_MESH_KEY, caDirectory.resolve(DataDirectory.MESH_KEY_FILE),
                "no mesh key in " + caDirectory + ": run `echomesh ca init` there first"));

    KeyPair nodeKeys = NodeKeys.generate(random);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate certificate =
        Certificates.node(
            nodeKeys.getPublic(),
            nodeName,
            organization(caCertificate),
            caKeys.getPrivate(),
            caCertificate,
            now.minus(MeshCa.CLOCK_SKEW_ALLOWANCE),
            now.plus(validity),
            random);
    if (!KeyFiles.writeNodeKey(node.nodeKeyFile(), nodeKeys.getPrivate(), false)) {
      throw new IdentityException(
          Reason.IO_ERROR, node.nodeKeyFile(), node.nodeKeyFile() + " appeared while issuing; nothing replaced");
    }
    writePublic(node.nodeCertificateFile(), List.of(certificate));
    writePublic(node.caCertificateFile(), List.of(caCertificate));
    KeyFiles.writeMeshKey(node.meshKeyFile(), meshKey, false);
    NodeCredentials credentials =
        new NodeCredentials(
            NodeId.of(nodeKeys.getPublic()), nodeKeys.getPrivate(), List.of(certificate), List.of(caCertificate));
    log.info("issued node '{}' ({}) in {}", nodeName, credentials.nodeId(), nodeDirectory);
    return credentials;
  }

  private static X509Certificate readCaCertificate(Path file) {
    if (!Files.exists(file)) {
      throw new IdentityException(
          Reason.IO_ERROR, file, "missing " + file + ": run `echomesh ca init` first");
    }
    try {
      return Pem.readCertificates(new String(SecureFiles.readPublic(file), StandardCharsets.US_ASCII)).get(0);
    } catch (IllegalArgumentException e) {
      throw new IdentityException(Reason.CORRUPT_FILE, file, file + ": " + e.getMessage(), e);
    }
  }

  /** The CA's common name, used as the O of the node certificates it issues. */
  private static String organization(X509Certificate caCertificate) {
    RDN[] names =
        X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
    if (names.length > 0 && names[0].getFirst().getValue() instanceof ASN1String) {
      return ((ASN1String) names[0].getFirst().getValue()).getString();
    }
    return "echomesh";
  }

  private static void writePublic(Path file, List<X509Certificate> certificates) {
    SecureFiles.write(file, Pem.certificates(certificates).getBytes(StandardCharsets.US_ASCII), true);
  }

  private static void refuseExisting(Path file, String what) {
    if (Files.exists(file)) {
      throw new IdentityException(
          Reason.IO_ERROR, file, file + " already holds " + what + "; nothing was replaced");
    }
  }

  private static void requirePositive(Duration validity) {
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
  }
}
