package dev.echomesh.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's install steps end to end on two hosts: host b installs the .deb, joins and starts
 * the agent as the service would; host a, an agent from the tarball, lists it ALIVE. Hosts are
 * network namespaces joined by one veth pair, host b's file system a throwaway overlay (see
 * {@code packaging/install-to-alive.sh}); nothing reaches the machine's interfaces or files.
 * Needs root. The seconds from {@code dpkg -i} to ALIVE are printed, not asserted.
 */
class DebToAliveIT {

  /** Host a's start (up to 30 s), the install, up to 60 s for ALIVE, both agents' stops. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path scratch;

  @Test
  void installedAgent_afterDpkgInstallAndJoin_isAliveAtAPeerOnAnotherHost() throws Exception {
    BuiltPackages.assumeTool("dpkg", "dpkg");
    BuiltPackages.assumeTool("unshare", "util-linux");
    BuiltPackages.assumeTool("ip", "iproute2");
    BuiltPackages.assumeRoot("installing the .deb on an overlay");
    Path script = scratch.resolve("install-to-alive.sh");
    try (InputStream in = DebToAliveIT.class.getResourceAsStream("/packaging/install-to-alive.sh")) {
      assertTrue(in != null, "the script resource is missing");
      Files.copy(in, script);
    }
    Command.Result untar = Command.run(scratch, "tar", "-xzf", BuiltPackages.tarball().toString());
    assertEquals(0, untar.exitCode(), untar::toString);
    Path tarballHome = scratch.resolve("echomesh-" + BuiltPackages.version());
    Path work = Files.createDirectories(scratch.resolve("work"));

    Command.Result run =
        Command.run(
            scratch,
            Map.of("JAVA_HOME", System.getProperty("java.home")),
            List.of(
                "unshare", "-m", "--propagation", "private",
                "bash", script.toString(), BuiltPackages.deb().toString(), tarballHome.toString(), work.toString()),
            SCRIPT_TIMEOUT);

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.stdout().strip().endsWith("ok"), run::toString);
    System.out.println("DebToAliveIT: " + run.stdout().lines().findFirst().orElse(""));
  }
}
