package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test files: content, special files, and snapshots of a tree to prove nothing changed in it. */
final class Trees {

  private Trees() {}

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  /** Every path below {@code root} (links not followed), sorted, with its kind and size. */
  static List<String> snapshot(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(p -> root.relativize(p) + " " + describe(p)).sorted().toList();
    }
  }

  /** Regular files below {@code root}, links not followed. */
  static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }

  static void mkfifo(Path path) throws IOException, InterruptedException {
    assumeTrue(run("mkfifo", path.toString()) == 0, "mkfifo is not available");
  }

  /**
   * A character device like /dev/null at {@code path}. Making devices needs CAP_MKNOD (root), so
   * the calling test is skipped, saying so, when that is refused.
   */
  static void mknodNull(Path path) throws IOException, InterruptedException {
    assumeTrue(run("mknod", path.toString(), "c", "1", "3") == 0,
        "mknod of a character device needs root (CAP_MKNOD); device-file case skipped");
  }

  /** A unix socket file at {@code path}; the returned channel keeps it bound. */
  static ServerSocketChannel socket(Path path) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(path));
    return channel;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  private static String describe(Path path) {
    try {
      if (Files.isSymbolicLink(path)) {
        return "link->" + Files.readSymbolicLink(path);
      }
      if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return "dir";
      }
      return Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          ? "file " + Files.size(path) + " " + java.util.Arrays.hashCode(Files.readAllBytes(path))
          : "other";
    } catch (IOException e) {
      return "unreadable " + e.getMessage();
    }
  }
}
