package dev.echomesh.agent.task.file;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * POSIX mode bits as they travel between members (an {@code int} such as {@code 0644}) and the
 * rule for what a received file may keep.
 */
public final class FileMode {

  /** Mode of a received file when the sender gives none: rw-r--r--. */
  public static final int DEFAULT_FILE_MODE = 0644;

  /**
   * Mode asked for directories the inbox creates: rwxr-xr-x. The process umask still applies, so
   * the result is never wider than a plain {@code mkdir} would make.
   */
  public static final int DIRECTORY_MODE = 0755;

  /** The bits a received file keeps from the sender's mode: read and execute for everyone, owner write. */
  static final int KEPT_BITS = 0755;

  /** The bits a received file always has: owner read and write, so its owner can manage it. */
  static final int FORCED_BITS = 0600;

  private static final PosixFilePermission[] BY_BIT = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
  };

  private FileMode() {}

  /**
   * The mode a file received with the sender's {@code mode} gets: setuid, setgid and sticky are
   * dropped, group and world write are dropped (a remote member must not be able to hand local
   * users write access to what it sends), and owner read and write are always set.
   */
  public static int forReceivedFile(int mode) {
    return (mode & KEPT_BITS) | FORCED_BITS;
  }

  /** The permission bits (07777 at most; only 0777 map to permissions) as a permission set. */
  public static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(BY_BIT[bit]);
      }
    }
    return permissions;
  }

  /** The permission set as mode bits (0777 at most). */
  public static int fromPermissions(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if (permissions.contains(BY_BIT[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }
}
