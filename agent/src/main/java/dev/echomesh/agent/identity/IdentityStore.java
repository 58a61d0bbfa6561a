package dev.echomesh.agent.identity;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's identity kept in its {@link DataDirectory}: the mesh key and the node key pair.
 *
 * <p>{@link #load(String)} loads whichever {@link TrustMode} the directory's files say.
 *
 * <p>Mesh-key mode: the node certificate is not stored but issued
 * afresh from the mesh CA at every load. That is safe and simpler: whoever holds the mesh key can
 * issue a certificate for any key anyway, so a stored certificate would prove nothing more, could
 * only go stale (expire, or name an old mesh after {@code join --force}), and the node ID depends
 * on the key pair alone, so it stays the same across restarts.
 *
 * <p>CA mode ({@link #load(PemCredentialFiles)}): the certificate, key and trust anchors come from
 * the site's PEM files; the mesh key is still needed, only for the UDP ping key and the mesh ID
 * (see {@link CaTool}). A node key is never made in CA mode: it must be the certificate's.
 *
 * <p>Every method reads the files anew, so separate processes (the agent, the CLI) stay
 * consistent; two processes creating the node key at once agree on one (the file is published
 * with an exclusive link). Errors are {@link IdentityException}s with one-line messages.
 */
public final class IdentityStore {

  private static final Logger log = LoggerFactory.getLogger(IdentityStore.class);

  private final DataDirectory directory;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** A store over {@code directory}; certificates are issued with the system clock. */
  public IdentityStore(DataDirectory directory) {
    this(directory, Clock.systemUTC());
  }

  /** A store over {@code directory}; {@code clock} sets issued certificates' validity. */
  public IdentityStore(DataDirectory directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public DataDirectory directory() {
    return directory;
  }

  /**
   * Makes a new mesh key and stores it ({@code echomesh init}).
   *
   * @param force replace an existing mesh key (this node leaves its mesh)
   * @return the join code to type on other devices; secret, do not log it
   * @throws IdentityException MESH_KEY_EXISTS if there is a mesh key and {@code force} is false
   */
  public String init(boolean force) {
    Path file = directory.meshKeyFile();
    if (!force) {
      readMeshKey().ifPresent(existing -> {
        throw meshKeyExists(file, existing);
      });
    }
    MeshKey key = MeshKey.generate(random);
    if (!KeyFiles.writeMeshKey(file, key, force)) {
      throw meshKeyExists(file, readMeshKey().orElse(key));
    }
    log.info("made a new mesh key in {}: mesh ID {}", file, key.meshId());
    return key.joinCode();
  }

  /**
   * Stores the mesh key of {@code joinCode} ({@code echomesh join}). Joining the mesh this node
   * is already in changes nothing.
   *
   * @param force replace a different mesh key (this node leaves its mesh)
   * @return the mesh key joined
   * @throws IllegalArgumentException if {@code joinCode} is malformed, with a one-line reason
   * @throws IdentityException DIFFERENT_MESH_KEY if another mesh key is stored and {@code force}
   *     is false
   */
  public MeshKey join(String joinCode, boolean force) {
    MeshKey key = MeshKey.fromJoinCode(joinCode);
    Path file = directory.meshKeyFile();
    Optional<MeshKey> existing = force ? Optional.empty() : readMeshKey();
    if (existing.isPresent()) {
      if (existing.get().equals(key)) {
        return key;
      }
      throw differentMeshKey(file, existing.get(), key);
    }
    if (!KeyFiles.writeMeshKey(file, key, force)) {
      MeshKey winner = readMeshKey().orElseThrow();
      if (!winner.equals(key)) {
        throw differentMeshKey(file, winner, key);
      }
    }
    log.info("joined mesh {}: mesh key stored in {}", key.meshId(), file);
    return key;
  }

  /** Whether a mesh key is stored (it may still fail to load if its file is damaged). */
  public boolean hasMeshKey() {
    return Files.exists(directory.meshKeyFile());
  }

  /**
   * The stored mesh key's join code, to add another device later.
   *
   * @throws IdentityException NO_MESH_KEY if none is stored
   */
  public String joinCode() {
    return requireMeshKey().joinCode();
  }

  /** The public ID of the stored mesh, if any. */
  public Optional<String> meshId() {
    return readMeshKey().map(MeshKey::meshId);
  }

  /** Whom this directory's links trust, by the files in it. */
  public TrustMode trustMode() {
    return TrustMode.of(directory);
  }

  /**
   * This node's ID. In mesh-key mode, makes the node key pair if there is none yet; in CA mode,
   * reads the key {@code echomesh ca issue} wrote and never makes one.
   *
   * @throws IdentityException IO_ERROR in CA mode without {@code node.key}
   */
  public NodeId nodeId() {
    if (trustMode() == TrustMode.CA) {
      Path file = directory.nodeKeyFile();
      return NodeId.of(KeyFiles.readNodeKeys(file).orElseThrow(() -> PemCredentialFiles.missing(file)).getPublic());
    }
    return NodeId.of(nodeKeys().getPublic());
  }

  /**
   * Loads the identity in the directory's {@link #trustMode()}. In mesh-key mode: the node key
   * pair (made if missing) with a certificate freshly issued by the mesh CA. In CA mode: as
   * {@link #load(PemCredentialFiles)} with the directory's {@code node.crt}, {@code node.key}
   * and {@code ca.crt}. Either way with the mesh secrets of {@code mesh.key}.
   *
   * @param nodeName in mesh-key mode, the name recorded in the certificate (1 to 64 printable
   *     characters); in CA mode the certificate keeps the name it was issued with
   * @throws IdentityException NO_MESH_KEY, CORRUPT_FILE, INSECURE_PERMISSIONS, IO_ERROR, and in
   *     CA mode CREDENTIALS_MISMATCH; every message names the file
   */
  public LoadedIdentity load(String nodeName) {
    if (trustMode() == TrustMode.CA) {
      return load(PemCredentialFiles.in(directory));
    }
    MeshKey key = requireMeshKey();
    SecureFiles.ensureDirectory(directory.path());
    NodeCredentials credentials = MeshCa.fromMeshKey(key, clock).credentials(nodeKeys(), nodeName);
    return new LoadedIdentity(credentials, key.secrets());
  }

  /**
   * Loads the identity in CA mode: credentials from the site's PEM files, secrets from the stored
   * mesh key. Refuses a data directory that holds a CA's private key ({@code ca.key}): that key
   * belongs offline, not on a running node.
   *
   * @throws IdentityException NO_MESH_KEY, CORRUPT_FILE, INSECURE_PERMISSIONS,
   *     CREDENTIALS_MISMATCH or IO_ERROR
   */
  public LoadedIdentity load(PemCredentialFiles files) {
    Path caKey = directory.path().resolve(CaTool.CA_KEY_FILE);
    if (Files.exists(caKey)) {
      throw new IdentityException(
          Reason.CREDENTIALS_MISMATCH, caKey,
          caKey + " is a CA's private key, which must stay off the nodes: run the agent on a"
              + " directory made by `echomesh ca issue`, and keep the CA directory offline");
    }
    NodeCredentials credentials = files.load(clock);
    MeshKey key = requireMeshKey();
    log.info(
        "CA mode: node certificate {} issued by '{}', valid until {}",
        files.certificateChain(),
        credentials.certificate().getIssuerX500Principal().getName(),
        credentials.certificate().getNotAfter().toInstant());
    return new LoadedIdentity(credentials, key.secrets());
  }

  private KeyPair nodeKeys() {
    Path file = directory.nodeKeyFile();
    Optional<KeyPair> stored = KeyFiles.readNodeKeys(file);
    if (stored.isPresent()) {
      return stored.get();
    }
    KeyPair keys = NodeKeys.generate(random);
    if (!KeyFiles.writeNodeKey(file, keys.getPrivate(), false)) {
      // Another process made one first: use theirs, so everyone agrees on the node ID.
      return KeyFiles.readNodeKeys(file).orElseThrow();
    }
    log.info("made a new node key in {}: node ID {}", file, NodeId.of(keys.getPublic()));
    return keys;
  }

  private Optional<MeshKey> readMeshKey() {
    return KeyFiles.readMeshKey(directory.meshKeyFile());
  }

  private MeshKey requireMeshKey() {
    String fix =
        trustMode() == TrustMode.CA
            ? ": CA mode still needs the mesh key for pings; copy mesh.key from the CA directory"
                + " (`echomesh ca issue` does) or run `echomesh join CODE`"
            : ": run `echomesh init` or `echomesh join CODE` first";
    return readMeshKey()
        .orElseThrow(
            () ->
                new IdentityException(
                    Reason.NO_MESH_KEY, directory.meshKeyFile(), "no mesh key in " + directory + fix));
  }

  private static IdentityException meshKeyExists(Path file, MeshKey existing) {
    return new IdentityException(
        Reason.MESH_KEY_EXISTS, file,
        file + " already holds the key of mesh " + existing.meshId()
            + ": `echomesh init --force` replaces it and leaves that mesh");
  }

  private static IdentityException differentMeshKey(Path file, MeshKey existing, MeshKey wanted) {
    return new IdentityException(
        Reason.DIFFERENT_MESH_KEY, file,
        "this node is in mesh " + existing.meshId() + ", the code is for mesh " + wanted.meshId()
            + ": `echomesh join --force CODE` switches meshes");
  }
}
