package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

  private static final Map<String, String> ENV =
      Map.of(
          "ECHOMESH_DATA_DIR", "/srv/echomesh",
          "XDG_DATA_HOME", "/home/ann/.data",
          "HOME", "/home/ann");

  @Test
  void resolve_flagGiven_flagWins() {
    assertEquals(Path.of("/tmp/x"), DataDirectory.resolve(Path.of("/tmp/x"), ENV).path());
  }

  @Test
  void resolve_relativeFlag_madeAbsolute() {
    DataDirectory dir = DataDirectory.resolve(Path.of("rel/dir"), ENV);
    assertTrue(dir.path().isAbsolute());
    assertTrue(dir.path().endsWith(Path.of("rel", "dir")));
  }

  @Test
  void resolve_noFlag_environmentVariable() {
    assertEquals(Path.of("/srv/echomesh"), DataDirectory.resolve(null, ENV).path());
  }

  @Test
  void resolve_noFlagNoVariable_xdgDataHome() {
    Map<String, String> env = Map.of("XDG_DATA_HOME", "/home/ann/.data", "HOME", "/home/ann");
    assertEquals(Path.of("/home/ann/.data/echomesh"), DataDirectory.resolve(null, env).path());
  }

  @Test
  void resolve_emptyVariableOrRelativeXdg_ignored() {
    Map<String, String> env =
        Map.of("ECHOMESH_DATA_DIR", "", "XDG_DATA_HOME", "relative/data", "HOME", "/home/ann");
    assertEquals(
        Path.of("/home/ann/.local/share/echomesh"), DataDirectory.resolve(null, env).path());
  }

  @Test
  void resolve_nothingSet_userHome() {
    assertEquals(
        Path.of(System.getProperty("user.home"), ".local", "share", "echomesh").toAbsolutePath(),
        DataDirectory.resolve(null, Map.of()).path());
  }

  @Test
  void files_layoutNames() {
    DataDirectory dir = DataDirectory.of(Path.of("/d"));
    assertEquals(Path.of("/d/mesh.key"), dir.meshKeyFile());
    assertEquals(Path.of("/d/node.key"), dir.nodeKeyFile());
    assertEquals(Path.of("/d/node.crt"), dir.nodeCertificateFile());
    assertEquals(Path.of("/d/ca.crt"), dir.caCertificateFile());
    assertEquals(Path.of("/d/control.sock"), dir.controlSocket());
  }
}
