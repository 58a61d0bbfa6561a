package dev.echomesh.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb's maintainer scripts for real: install, install again, remove, install, purge, with
 * dpkg on a throwaway overlay of this machine in a private mount namespace (see
 * {@code packaging/install-in-overlay.sh}); the real system is never written. Needs root.
 */
class DebInstallIT {

  @TempDir Path scratch;

  @Test
  void maintainerScripts_installReinstallRemovePurge_userDataAndLinkAsDocumented() throws Exception {
    BuiltPackages.assumeTool("dpkg", "dpkg");
    BuiltPackages.assumeTool("unshare", "util-linux");
    BuiltPackages.assumeRoot("installing the .deb on an overlay");
    Path script = scratch.resolve("install-in-overlay.sh");
    try (InputStream in = DebInstallIT.class.getResourceAsStream("/packaging/install-in-overlay.sh")) {
      assertTrue(in != null, "the script resource is missing");
      Files.copy(in, script);
    }
    Path overlay = Files.createDirectories(scratch.resolve("overlay"));

    Command.Result run =
        Command.run(
            scratch,
            Map.of(),
            List.of(
                "unshare", "-m", "--propagation", "private",
                "bash", script.toString(), BuiltPackages.deb().toString(), overlay.toString()));

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("ok", run.stdout().strip(), run::toString);
  }
}
