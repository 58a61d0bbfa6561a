package dev.echomesh.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb, unpacked into a scratch root with {@code dpkg-deb} (never installed): its control
 * fields, maintainer scripts and layout, and its systemd unit checked by {@code systemd-analyze}.
 */
class DebPackageIT {

  private static final String UNIT = "usr/lib/systemd/system/echomesh.service";
  private static final String LAUNCHER = "usr/lib/echomesh/bin/echomesh";
  /** {@code systemd-analyze security}'s exposure scale is 0-100 (printed as 0.0-10.0). */
  private static final int MAX_EXPOSURE = 20;

  @TempDir static Path scratch;
  private static Path root;

  @BeforeAll
  static void unpack() throws Exception {
    BuiltPackages.assumeTool("dpkg-deb", "dpkg");
    root = Files.createDirectories(scratch.resolve("root"));
    Command.Result unpack = Command.run(scratch, "dpkg-deb", "-x", BuiltPackages.deb().toString(), root.toString());
    assertEquals(0, unpack.exitCode(), unpack::toString);
  }

  @Test
  void control_fields_nameThePackageAndAJava17Runtime() throws Exception {
    assertEquals("echomesh", field("Package"));
    assertEquals("all", field("Architecture"));
    assertTrue(field("Version").startsWith(BuiltPackages.version().replace("-SNAPSHOT", "~")), field("Version"));
    assertTrue(
        field("Depends").contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), field("Depends"));
  }

  @Test
  void control_archive_hasTheMaintainerScripts() throws Exception {
    Command.Result info = Command.run(scratch, "dpkg-deb", "-I", BuiltPackages.deb().toString());

    assertEquals(0, info.exitCode(), info::toString);
    for (String script : List.of("postinst", "prerm", "postrm")) {
      // dpkg-deb -I marks executable members with '*'.
      assertTrue(info.stdout().matches("(?s).*\\*\\s+" + script + "\\s+#!/bin/sh.*"), script + " missing:\n" + info);
    }
  }

  @Test
  void contents_onlyUnderUsr_withLauncherJarLinkUnitAndDocs() throws Exception {
    Command.Result contents = Command.run(scratch, "dpkg-deb", "-c", BuiltPackages.deb().toString());
    assertEquals(0, contents.exitCode(), contents::toString);
    List<String> paths =
        Arrays.stream(contents.stdout().split("\n"))
            .filter(line -> !line.isBlank())
            .map(line -> line.substring(line.indexOf("./")))
            .toList();

    // Data and user come from postinst; nothing lands in /etc, /var or a home directory.
    assertTrue(paths.stream().allMatch(path -> path.startsWith("./usr/")), paths::toString);
    assertTrue(paths.contains("./usr/bin/echomesh -> ../lib/echomesh/bin/echomesh"), paths::toString);
    assertTrue(Files.isExecutable(root.resolve(LAUNCHER)), "the launcher is not executable");
    assertTrue(Files.isRegularFile(root.resolve("usr/lib/echomesh/lib/echomesh.jar")), "no echomesh.jar");
    assertFalse(Files.exists(root.resolve("usr/lib/echomesh/lib/echomesh-bench-libs.jar")), "bench libs are left out");
    assertTrue(Files.isRegularFile(root.resolve(UNIT)), "no unit");
    assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/echomesh/README.md")), "no README");
    assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/echomesh/config.md")), "no config.md");
    assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/echomesh/examples/echomesh.toml.example")),
        "no sample config");
    assertEquals(root.resolve(LAUNCHER).toRealPath(), root.resolve("usr/bin/echomesh").toRealPath());
  }

  @Test
  void unit_settings_restartJournalHardeningAndMeshKeyCondition() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve(UNIT), StandardCharsets.UTF_8);

    for (String setting :
        List.of(
            "ConditionPathExists=/var/lib/echomesh/mesh.key",
            "User=echomesh",
            "Environment=ECHOMESH_DATA_DIR=/var/lib/echomesh",
            "ExecStart=/usr/bin/echomesh agent",
            "Restart=on-failure",
            "StandardError=journal",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "ReadWritePaths=/var/lib/echomesh",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK")) {
      assertTrue(lines.contains(setting), "the unit lacks " + setting);
    }
    assertEquals(
        1, lines.stream().filter(line -> line.startsWith("ReadWritePaths=")).count(), "one writable path only");
  }

  @Test
  void unit_verify_systemdAnalyzeFindsNoProblem() throws Exception {
    BuiltPackages.assumeTool("systemd-analyze", "systemd");
    // verify checks that ExecStart's program exists: a copy whose ExecStart is the scratch root's.
    Path unit = scratchCopyOfUnit();

    Command.Result verify = Command.run(scratch, "systemd-analyze", "verify", unit.toString());

    assertEquals(0, verify.exitCode(), verify::toString);
    // Unknown or misspelt keys are warnings on stderr with exit 0.
    assertEquals("", verify.stderr().strip(), verify::toString);
  }

  @Test
  void unit_security_exposureStaysLow() throws Exception {
    BuiltPackages.assumeTool("systemd-analyze", "systemd");
    Path unit = scratchCopyOfUnit();

    Command.Result security =
        Command.run(
            scratch,
            Map.of(),
            List.of("systemd-analyze", "security", "--offline=yes", "--threshold=" + MAX_EXPOSURE, unit.toString()));

    assertEquals(0, security.exitCode(), security::toString);
  }

  private static Path scratchCopyOfUnit() throws Exception {
    String text = Files.readString(root.resolve(UNIT), StandardCharsets.UTF_8);
    String pointed = text.replace("ExecStart=/usr/bin/echomesh ", "ExecStart=" + root.resolve("usr/bin/echomesh") + " ");
    assertNotEquals(text, pointed, "the unit's ExecStart is not /usr/bin/echomesh");
    Path copy = Files.createDirectories(scratch.resolve("unit")).resolve("echomesh.service");
    Files.writeString(copy, pointed, StandardCharsets.UTF_8);
    return copy;
  }

  private static String field(String name) throws Exception {
    Command.Result result = Command.run(scratch, "dpkg-deb", "-f", BuiltPackages.deb().toString(), name);
    assertEquals(0, result.exitCode(), result::toString);
    return result.stdout().strip();
  }
}
