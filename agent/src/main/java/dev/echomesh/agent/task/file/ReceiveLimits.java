package dev.echomesh.agent.task.file;

/**
 * Bounds on what an {@link Inbox} accepts; immutable, checked when made.
 *
 * @param maxFileBytes largest declared size accepted, in bytes, 0 to 2^62 (0: only empty files);
 *     default {@link #DEFAULT_MAX_FILE_BYTES}. A bound on a lying size field; the free-space guard is what
 *     protects the disk.
 * @param reserveBytes bytes the free-space guard keeps free on the inbox's file store, 0 to 2^62;
 *     default {@link #DEFAULT_RESERVE_BYTES}. A transfer starts only when its remaining bytes fit
 *     above the reserve, and stops when they no longer do.
 * @param spaceCheckIntervalBytes bytes written between two re-checks of the free space while
 *     receiving, 1 to 2^30; default {@link #DEFAULT_SPACE_CHECK_INTERVAL_BYTES}. Smaller reacts
 *     sooner to a disk filled by others, at one {@code statvfs} call per interval.
 * @param resumeWindowBytes length of the tail a {@link ResumePoint} hashes separately, so a sender
 *     can check a resume by reading only that much, 1 to 2^30; default {@link
 *     #DEFAULT_RESUME_WINDOW_BYTES}.
 */
public record ReceiveLimits(
    long maxFileBytes, long reserveBytes, long spaceCheckIntervalBytes, long resumeWindowBytes) {

  /** 1 TiB: above any single file a LAN member is expected to send. */
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 40;

  /**
   * 256 MiB: room for logs and the agent's own state when the inbox fills its disk; a fixed amount
   * rather than a share (1% of a 4 TB disk would be 40 GB).
   */
  public static final long DEFAULT_RESERVE_BYTES = 256L << 20;

  /** 16 MiB: about 16 checks a second at 250 MB/s. */
  public static final long DEFAULT_SPACE_CHECK_INTERVAL_BYTES = 16L << 20;

  /** 8 MiB: the resume re-sends at most this much more than strictly needed (issue 10's bound). */
  public static final long DEFAULT_RESUME_WINDOW_BYTES = 8L << 20;

  private static final long MAX_BYTES = 1L << 62;
  private static final long MAX_INTERVAL_BYTES = 1L << 30;

  public ReceiveLimits {
    range("maxFileBytes", maxFileBytes, 0, MAX_BYTES);
    range("reserveBytes", reserveBytes, 0, MAX_BYTES);
    range("spaceCheckIntervalBytes", spaceCheckIntervalBytes, 1, MAX_INTERVAL_BYTES);
    range("resumeWindowBytes", resumeWindowBytes, 1, MAX_INTERVAL_BYTES);
  }

  /** Every limit at its default. */
  public static ReceiveLimits defaults() {
    return new ReceiveLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_RESERVE_BYTES, DEFAULT_SPACE_CHECK_INTERVAL_BYTES,
        DEFAULT_RESUME_WINDOW_BYTES);
  }

  private static void range(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
