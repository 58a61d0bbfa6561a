package dev.echomesh.it.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

/** Files for transfer tests: random content from a seed, SHA-256s, partial files. */
final class TestFiles {

  private TestFiles() {}

  /** Writes {@code size} random bytes from {@code seed} to {@code file} (directories made). */
  static Path write(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(left, block.length));
      }
    }
    return file;
  }

  /** The SHA-256 of {@code file} in hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The size of the largest partial file of {@code name} ({@code .NAME.KEY.part}) in {@code
   * directory}; 0 when there is none.
   */
  static long partBytes(Path directory, String name) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString())
          .filter(f -> f.startsWith("." + name + ".") && f.endsWith(".part"))
          .mapToLong(f -> directory.resolve(f).toFile().length())
          .max()
          .orElse(0);
    }
  }
}
