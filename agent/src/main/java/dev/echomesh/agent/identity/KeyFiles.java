package dev.echomesh.agent.identity;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The two secret files: {@code mesh.key} (the mesh key as its join code, one line) and
 * {@code node.key} (PKCS#8 PEM). Both owner-only; see {@link SecureFiles}.
 */
final class KeyFiles {

  private KeyFiles() {}

  static Optional<MeshKey> readMeshKey(Path file) {
    Optional<byte[]> content = SecureFiles.readSecret(file);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = content.get();
    try {
      return Optional.of(MeshKey.fromJoinCode(new String(bytes, StandardCharsets.US_ASCII).strip()));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          Reason.CORRUPT_FILE, file,
          file + " does not hold a mesh key (" + e.getMessage()
              + "): run `echomesh join --force CODE` with the mesh's join code",
          e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Writes the mesh key file; see {@link SecureFiles#write} for {@code replace}. */
  static boolean writeMeshKey(Path file, MeshKey key, boolean replace) {
    return SecureFiles.write(
        file, (key.joinCode() + "\n").getBytes(StandardCharsets.US_ASCII), replace);
  }

  static Optional<KeyPair> readNodeKeys(Path file) {
    Optional<byte[]> content = SecureFiles.readSecret(file);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = content.get();
    try {
      return Optional.of(
          NodeKeys.fromPrivateKey(
              Pem.readPrivateKey(new String(bytes, StandardCharsets.US_ASCII))));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          Reason.CORRUPT_FILE, file,
          file + " is not a usable node key (" + e.getMessage()
              + "): restore it from a backup, or delete it to become a new node with a new ID",
          e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Writes a node key file; see {@link SecureFiles#write} for {@code replace}. */
  static boolean writeNodeKey(Path file, PrivateKey key, boolean replace) {
    return SecureFiles.write(
        file, Pem.privateKey(key).getBytes(StandardCharsets.US_ASCII), replace);
  }
}
