package dev.echomesh.agent.identity;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two secret files: {@code mesh.key} (the mesh key as its join code, one line) and
 * {@code node.key} (PKCS#8 PEM). Both owner-only; see {@link SecureFiles}.
 */
final class KeyFiles {

  private KeyFiles() {}

  static Optional<MeshKey> readMeshKey(Path file) {
    return readSecret(
        file,
        text -> MeshKey.fromJoinCode(text.strip()),
        "does not hold a mesh key",
        "run `echomesh join --force CODE` with the mesh's join code");
  }

  /** Writes the mesh key file; see {@link SecureFiles#write} for {@code replace}. */
  static boolean writeMeshKey(Path file, MeshKey key, boolean replace) {
    return SecureFiles.write(
        file, (key.joinCode() + "\n").getBytes(StandardCharsets.US_ASCII), replace);
  }

  static Optional<KeyPair> readNodeKeys(Path file) {
    return readSecret(
        file,
        text -> NodeKeys.fromPrivateKey(Pem.readPrivateKey(text)),
        "is not a usable node key",
        "restore it from a backup, or delete it to become a new node with a new ID");
  }

  /** Writes a node key file; see {@link SecureFiles#write} for {@code replace}. */
  static boolean writeNodeKey(Path file, PrivateKey key, boolean replace) {
    return SecureFiles.write(
        file, Pem.privateKey(key).getBytes(StandardCharsets.US_ASCII), replace);
  }

  /**
   * The secret in {@code file} as {@code parse} reads its ASCII text, empty when there is no file;
   * the file's bytes are zeroed after. A text {@code parse} rejects (IllegalArgumentException)
   * is a corrupt file, reported as "FILE {@code problem} (why): {@code remedy}".
   */
  private static <T> Optional<T> readSecret(
      Path file, Function<String, T> parse, String problem, String remedy) {
    Optional<byte[]> content = SecureFiles.readSecret(file);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = content.get();
    try {
      return Optional.of(parse.apply(new String(bytes, StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          Reason.CORRUPT_FILE, file, file + " " + problem + " (" + e.getMessage() + "): " + remedy, e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
