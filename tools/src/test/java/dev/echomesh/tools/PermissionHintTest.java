package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionHintTest {

  @TempDir Path dir;

  private Path keyFile() throws IOException {
    Path key = dir.resolve("node.key");
    Files.writeString(key, "x");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return key;
  }

  private static String owner(Path path) throws IOException {
    return Files.getOwner(path).getName();
  }

  @Test
  void explain_anotherUsersFile_namesPathOwnerModeAndRunAsOwner() throws IOException {
    Path key = keyFile();
    String line = PermissionHint.explain(new AccessDeniedException(key.toString()), "echomesh id", "someone-else");
    String owner = owner(key);
    String sudo = owner.equals("root") ? "sudo echomesh id" : "sudo -u " + owner + " echomesh id";
    assertEquals("echomesh: permission denied: " + key + ": " + key + " belongs to " + owner + " (rw-------);"
        + " run it as " + owner + " (" + sudo + "), or use a data dir of your own with --data-dir", line);
  }

  @Test
  void explain_ourOwnFile_suggestsChmod() throws IOException {
    Path key = keyFile();
    String line = PermissionHint.explain(new AccessDeniedException(key.toString(), null, "cannot read it"),
        "echomesh id", owner(key));
    assertTrue(line.startsWith("echomesh: permission denied: " + key + " (cannot read it): "), line);
    assertTrue(line.endsWith("; give yourself access: chmod u+rwX " + key), line);
  }

  @Test
  void explain_pathNotVisible_namesNearestVisibleAncestor() throws IOException {
    Path missing = dir.resolve("gone/deeper/control.sock");
    String line = PermissionHint.explain(new AccessDeniedException(missing.toString()), "echomesh status", "x");
    assertTrue(line.contains(": " + dir + " belongs to " + owner(dir)), line);
  }

  @Test
  void find_wrappedInAnotherException_found() {
    AccessDeniedException denied = new AccessDeniedException("/var/lib/echomesh/node.key");
    IOException wrapper = new IOException("cannot read /var/lib/echomesh/node.key", denied);
    assertEquals(denied, PermissionHint.find(wrapper).orElseThrow());
    assertTrue(PermissionHint.find(new IOException("other")).isEmpty());
  }
}
