package dev.echomesh.tools;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A permission error as one line that names the path, its owner and mode, and the fix: run the
 * command as the owner (an agent installed from the package runs as the {@code echomesh} user and
 * keeps its data in {@code /var/lib/echomesh}), or fix the mode of a path that is already ours.
 */
final class PermissionHint {

  private PermissionHint() {}

  /** The denied path in {@code failure} or its causes, if any. */
  static Optional<AccessDeniedException> find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AccessDeniedException denied && denied.getFile() != null) {
        return Optional.of(denied);
      }
    }
    return Optional.empty();
  }

  /**
   * @param denied the path this user may not use
   * @param command the command as typed, e.g. {@code echomesh status}
   * @param user this process's user name
   */
  static String explain(AccessDeniedException denied, String command, String user) {
    Path path = Path.of(denied.getFile());
    String what = denied.getReason() == null ? "" : " (" + denied.getReason() + ")";
    Optional<Owned> owned = ownerOf(path);
    if (owned.isEmpty()) {
      return "echomesh: permission denied: " + path + what
          + "; run it as the user who owns that path, or use a data dir of your own with --data-dir";
    }
    Owned o = owned.get();
    String line = "echomesh: permission denied: " + path + what + ": " + o.path() + " belongs to "
        + o.owner() + " (" + o.mode() + ")";
    if (o.owner().equals(user)) {
      return line + "; give yourself access: chmod u+rwX " + o.path();
    }
    String sudo = o.owner().equals("root") ? "sudo " : "sudo -u " + o.owner() + " ";
    return line + "; run it as " + o.owner() + " (" + sudo + command
        + "), or use a data dir of your own with --data-dir";
  }

  private record Owned(Path path, String owner, String mode) {}

  /** The owner and mode of {@code path}, or of its nearest ancestor this user can see. */
  private static Optional<Owned> ownerOf(Path path) {
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        PosixFileAttributes attributes =
            Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return Optional.of(new Owned(p, attributes.owner().getName(),
            PosixFilePermissions.toString(attributes.permissions())));
      } catch (IOException | UnsupportedOperationException e) {
        // not visible to us (or no POSIX attributes): try the directory that holds it
      }
    }
    return Optional.empty();
  }
}
