package dev.echomesh.agent.identity;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The mesh CA of mesh-key mode: a P-256 key pair and a self-signed certificate that every member
 * derives from the mesh key, so that each member can issue its own node certificate and every
 * member trusts every other.
 *
 * <p>The CA certificate is byte-identical on every member: its key pair comes from the mesh key
 * (HKDF-SHA256, then RFC 9180 DeriveKeyPair for P-256), and every other field is fixed: subject
 * {@code CN=echomesh mesh CA <mesh ID>, O=echomesh}, serial 1, validity from {@value
 * #CA_NOT_BEFORE} to {@value #CA_NOT_AFTER} (RFC 5280's "no well-defined expiration"; the CA lives
 * as long as the mesh key), and a deterministic ECDSA signature (RFC 6979). So any member's CA
 * certificate is the trust anchor of all of them.
 *
 * <p>Node certificates from {@link #issue} are valid from one day before now (clock skew between
 * devices) for {@link #NODE_CERTIFICATE_VALIDITY}. Expiry protects nothing here: anyone with the
 * mesh key can mint a certificate at will, revocation is by node ID (a deny list), and the agent
 * issues a fresh certificate at every start. The validity only has to outlast a running agent.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MeshCa {

  /** Fixed start of the CA certificate's validity. */
  public static final String CA_NOT_BEFORE = "2025-01-01T00:00:00Z";
  /** Fixed end of the CA certificate's validity: RFC 5280 4.1.2.5, "no well-defined expiration". */
  public static final String CA_NOT_AFTER = "9999-12-31T23:59:59Z";
  /** How long a node certificate from {@link #issue} is valid: 10 years. */
  public static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(3650);
  /** How far before "now" a node certificate's validity starts, for clocks that disagree. */
  public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofDays(1);

  private static final BigInteger CA_SERIAL = BigInteger.ONE;
  private static final String ORGANIZATION = "echomesh";

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final String meshId;
  private final Clock clock;
  private final SecureRandom random;

  private MeshCa(KeyPair keys, X509Certificate certificate, String meshId, Clock clock) {
    this.keys = keys;
    this.certificate = certificate;
    this.meshId = meshId;
    this.clock = clock;
    this.random = new SecureRandom();
  }

  /** The mesh CA of {@code meshKey}, issuing certificates valid from the system clock's now. */
  public static MeshCa fromMeshKey(MeshKey meshKey) {
    return fromMeshKey(meshKey, Clock.systemUTC());
  }

  /** The mesh CA of {@code meshKey}; {@code clock} sets the validity of issued certificates. */
  public static MeshCa fromMeshKey(MeshKey meshKey, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    byte[] key = meshKey.bytes();
    try {
      KeyPair keys = KeyDerivation.caKeyPair(key);
      String meshId = KeyDerivation.meshId(key);
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, ORGANIZATION)
              .addRDN(BCStyle.CN, "echomesh mesh CA " + meshId)
              .build();
      X509Certificate certificate =
          Certificates.ca(
              keys,
              subject,
              CA_SERIAL,
              Instant.parse(CA_NOT_BEFORE),
              Instant.parse(CA_NOT_AFTER));
      return new MeshCa(keys, certificate, meshId, clock);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The CA certificate: the trust anchor of every member. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The public mesh ID this CA belongs to. */
  public String meshId() {
    return meshId;
  }

  /**
   * A node certificate for {@code nodeKey}, signed by this CA.
   *
   * @param nodeKey the node's ECDSA P-256 public key
   * @param nodeName the node's human name (1 to 64 printable characters), recorded in the
   *     subject's OU for people reading certificates; peers identify nodes by node ID only
   * @throws IllegalArgumentException if the name is empty, too long or has control characters,
   *     or the key is not an EC key
   */
  public X509Certificate issue(PublicKey nodeKey, String nodeName) {
    if (!"EC".equals(nodeKey.getAlgorithm())) {
      throw new IllegalArgumentException(
          "node keys are ECDSA P-256, got a " + nodeKey.getAlgorithm() + " key");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return Certificates.node(
        nodeKey,
        nodeName,
        ORGANIZATION + " mesh " + meshId,
        keys.getPrivate(),
        certificate,
        now.minus(CLOCK_SKEW_ALLOWANCE),
        now.plus(NODE_CERTIFICATE_VALIDITY),
        random);
  }

  /** Credentials for a node holding {@code nodeKeys}: a fresh certificate and this CA as anchor. */
  public NodeCredentials credentials(KeyPair nodeKeys, String nodeName) {
    X509Certificate nodeCertificate = issue(nodeKeys.getPublic(), nodeName);
    return new NodeCredentials(
        NodeId.of(nodeCertificate.getPublicKey()),
        nodeKeys.getPrivate(),
        List.of(nodeCertificate),
        List.of(certificate));
  }

  @Override
  public String toString() {
    return "MeshCa[meshId=" + meshId + "]";
  }
}
