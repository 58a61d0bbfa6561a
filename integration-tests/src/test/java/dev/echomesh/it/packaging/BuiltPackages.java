package dev.echomesh.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the build put the packages (system properties set by the failsafe plugin), and the tools
 * that inspect them: present, or the test is skipped, except when {@value #REQUIRE_ENV}=1 (as
 * CI sets), where a missing tool fails it.
 */
final class BuiltPackages {

  /** Set to 1 to make a missing dpkg-deb or systemd-analyze a failure, not a skip. */
  static final String REQUIRE_ENV = "ECHOMESH_REQUIRE_PACKAGING_TOOLS";

  private BuiltPackages() {}

  /** The project version the packages carry, e.g. {@code 0.1.0-SNAPSHOT}. */
  static String version() {
    return property("echomesh.version");
  }

  /** The source checkout's root (where {@code ./echomesh} is). */
  static Path checkout() {
    return Path.of(property("echomesh.checkout")).toAbsolutePath().normalize();
  }

  /** {@code echomesh-<version>.tar.gz}. */
  static Path tarball() {
    Path tarball = directory().resolve("echomesh-" + version() + ".tar.gz");
    assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball + ": run mvn package first");
    return tarball;
  }

  /** The one {@code echomesh_<debian version>_all.deb} of the build. */
  static Path deb() throws IOException {
    try (Stream<Path> files = Files.list(directory())) {
      List<Path> debs =
          files.filter(file -> file.getFileName().toString().matches("echomesh_.+_all\\.deb")).toList();
      assertEquals(1, debs.size(), "expected one .deb in " + directory() + ", found " + debs);
      return debs.get(0);
    }
  }

  /** Skips the test when {@code program} is missing, or fails it when {@value #REQUIRE_ENV}=1. */
  static void assumeTool(String program, String debianPackage) {
    if (Command.onPath(program)) {
      return;
    }
    String reason = program + " not found (Debian package " + debianPackage + ")";
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(reason + ", and " + REQUIRE_ENV + "=1 requires it");
    }
    Assumptions.abort(reason);
  }

  /** Skips the test when not run as root, or fails it when {@value #REQUIRE_ENV}=1. */
  static void assumeRoot(String what) throws IOException, InterruptedException {
    Command.Result id = Command.run(Path.of("/"), "id", "-u");
    if ("0".equals(id.stdout().strip())) {
      return;
    }
    String reason = what + " needs root";
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(reason + ", and " + REQUIRE_ENV + "=1 requires it");
    }
    Assumptions.abort(reason);
  }

  private static Path directory() {
    return Path.of(property("echomesh.packagesDir")).toAbsolutePath().normalize();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertTrue(value != null && !value.isBlank(), "system property " + name + " is not set (run through mvn verify)");
    return value;
  }
}
