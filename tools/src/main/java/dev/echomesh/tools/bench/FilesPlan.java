package dev.echomesh.tools.bench;

import java.time.Duration;

/**
 * What the files part moves: one big file, then a tree of many small ones.
 *
 * @param bigFileBytes the big file's size: 1 GiB in a full run
 * @param smallFiles how many small files: 10,000 in a full run
 * @param smallFileBytes each small file's size: 10 KiB
 * @param filesPerDirectory small files per directory of the tree
 * @param transferTimeout the longest one transfer (one process) may take
 */
record FilesPlan(long bigFileBytes, int smallFiles, int smallFileBytes, int filesPerDirectory, Duration transferTimeout) {

  static final long MIB = 1024L * 1024;
  static final int SMALL_FILE_BYTES = 10 * 1024;
  private static final int FILES_PER_DIRECTORY = 100;

  FilesPlan {
    if (bigFileBytes < 2 * MIB || smallFiles < 1 || smallFileBytes < 1 || filesPerDirectory < 1) {
      throw new IllegalArgumentException("need a big file of at least 2 MiB and at least one small file, got "
          + bigFileBytes + " bytes and " + smallFiles + " files of " + smallFileBytes);
    }
  }

  /** By the benchmark's mode: 1 GiB and 10,000 files in a full run, 256 MiB and 2,000 quick, 8 MiB and 50 smoke. */
  static FilesPlan of(String mode) {
    return switch (mode) {
      case "full" -> new FilesPlan(1024 * MIB, 10_000, SMALL_FILE_BYTES, FILES_PER_DIRECTORY, Duration.ofMinutes(10));
      case "quick" -> new FilesPlan(256 * MIB, 2_000, SMALL_FILE_BYTES, FILES_PER_DIRECTORY, Duration.ofMinutes(5));
      default -> new FilesPlan(8 * MIB, 50, SMALL_FILE_BYTES, 10, Duration.ofMinutes(2));
    };
  }

  /** The big file's size in MiB. */
  double bigFileMiB() {
    return bigFileBytes / (double) MIB;
  }
}
