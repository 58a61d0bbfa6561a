package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class TrustModeTest {

  @TempDir Path temp;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'',                               MESH_KEY",
    "'mesh.key',                       MESH_KEY",
    "'mesh.key node.key',              MESH_KEY",
    "'mesh.key node.key node.crt ca.crt', CA",
    "'node.crt',                       CA",
    "'ca.crt',                         CA",
    "'mesh.key node.key ca.crt',       CA",
  })
  void of_filesPresent_mode(String files, TrustMode expected) throws Exception {
    for (String file : files.split(" ")) {
      if (!file.isEmpty()) {
        Files.writeString(temp.resolve(file), "x");
      }
    }
    assertEquals(expected, TrustMode.of(DataDirectory.of(temp)));
  }

  @ParameterizedTest
  @CsvSource({"MESH_KEY, mesh-key, mesh key", "CA, ca, site CA"})
  void names_forScriptsAndPeople(TrustMode mode, String json, String label) {
    assertEquals(json, mode.jsonName());
    assertEquals(label, mode.label());
  }
}
