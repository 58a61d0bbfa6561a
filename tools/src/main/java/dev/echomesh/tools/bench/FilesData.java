package dev.echomesh.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The files the files part moves, made of random bytes (so no transport can compress them): one
 * big file and a tree of small ones, {@link FilesPlan#filesPerDirectory} per directory.
 */
final class FilesData {

  static final String BIG_FILE = "big.bin";
  static final String TREE = "tree";
  private static final int BLOCK_BYTES = 1024 * 1024;

  private FilesData() {}

  /** Writes the big file into {@code directory}; returns its path. */
  static Path bigFile(Path directory, long bytes, String name) {
    Path file = directory.resolve(name);
    SplittableRandom random = new SplittableRandom(bytes);
    ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long left = bytes; left > 0; left -= block.limit()) {
        fill(random, block, (int) Math.min(BLOCK_BYTES, left));
        while (block.hasRemaining()) {
          out.write(block);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark's file " + file, e);
    }
    return file;
  }

  /** Writes the tree of small files into {@code directory}; returns its root. */
  static Path tree(Path directory, FilesPlan plan) {
    Path root = directory.resolve(TREE);
    SplittableRandom random = new SplittableRandom(plan.smallFiles());
    ByteBuffer content = ByteBuffer.allocate(plan.smallFileBytes());
    try {
      for (int i = 0; i < plan.smallFiles(); i++) {
        Path parent = root.resolve(String.format(Locale.ROOT, "d%03d", i / plan.filesPerDirectory()));
        if (i % plan.filesPerDirectory() == 0) {
          Files.createDirectories(parent);
        }
        fill(random, content, plan.smallFileBytes());
        Files.write(parent.resolve(String.format(Locale.ROOT, "f%05d.bin", i)), content.array(),
            StandardOpenOption.CREATE_NEW);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark's files under " + root, e);
    }
    return root;
  }

  /** The regular files under {@code root} and their total size: {count, bytes}. */
  static long[] count(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      long[] counted = new long[2];
      all.filter(Files::isRegularFile).forEach(file -> {
        counted[0]++;
        counted[1] += file.toFile().length();
      });
      return counted;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the files under " + root, e);
    }
  }

  /** Deletes {@code path} and everything below it, if it exists. */
  static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path each : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  private static void fill(SplittableRandom random, ByteBuffer buffer, int length) {
    buffer.clear();
    for (int i = 0; i + Long.BYTES <= length; i += Long.BYTES) {
      buffer.putLong(random.nextLong());
    }
    while (buffer.position() < length) {
      buffer.put((byte) random.nextInt());
    }
    buffer.flip();
  }
}
