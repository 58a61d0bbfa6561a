package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.ConfigException;
import dev.echomesh.agent.ConfigFile;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {

  private final TestMesh mesh = TestMeshes.newMesh();
  @TempDir Path dataDir;

  private AgentConfig compose(String toml, AgentRunner.Options options) throws Exception {
    Files.writeString(dataDir.resolve(ConfigFile.FILE_NAME), toml);
    Optional<ConfigFile> file = AgentSettings.readFile(dataDir, null);
    return AgentSettings.compose(dataDir, file, options)
        .credentials(mesh.newNode("a"))
        .meshSecrets(mesh.secrets())
        .build();
  }

  @Test
  void compose_flagsGiven_overrideTheFile() throws Exception {
    AgentConfig config = compose("name = \"from-file\"\n[link]\nport = 47300\n[liveness]\nport = 47301\n",
        new AgentRunner.Options("from-flag", 5000, null, List.of()));
    assertEquals("from-flag", config.name());
    assertEquals(5000, config.link().port());
    assertEquals(47301, config.liveness().port(), "no --udp-port: the file's value stays");
  }

  @Test
  void compose_flagsNotGiven_leaveTheFile() throws Exception {
    AgentConfig config = compose("name = \"from-file\"\n[discovery]\nmdns = false\n",
        new AgentRunner.Options(null, null, null, List.of()));
    assertEquals("from-file", config.name());
    assertFalse(config.discovery().enabled());
    assertEquals(dataDir.resolve("plugins"), config.pluginDirectory());
  }

  @Test
  void compose_loopbackBindInTheFile_staysOnThisMachine() throws Exception {
    AgentConfig config = compose("[link]\nbind = \"127.0.0.1\"\n", new AgentRunner.Options(null, null, null, List.of()));
    assertTrue(config.link().bindAddress().isLoopbackAddress());
    assertEquals(47200, config.link().port(), "the command line keeps the well-known link port");
    assertFalse(config.discovery().enabled());
    assertFalse(config.broadcastPings());
    assertTrue(config.liveness().bindAddress().isLoopbackAddress());
    assertEquals(0, config.liveness().port());
  }

  @Test
  void compose_loopbackFlagWithMdnsOnInTheFile_errorAtTheFilesLine() throws Exception {
    Files.writeString(dataDir.resolve(ConfigFile.FILE_NAME), "[discovery]\nmdns = true\n");
    Optional<ConfigFile> file = AgentSettings.readFile(dataDir, null);
    AgentConfig.Builder builder = AgentSettings.compose(dataDir, file,
            new AgentRunner.Options(null, null, InetAddress.getLoopbackAddress(), List.of()))
        .credentials(mesh.newNode("a")).meshSecrets(mesh.secrets());
    dev.echomesh.agent.settings.SettingException e =
        assertThrows(dev.echomesh.agent.settings.SettingException.class, builder::build);
    Exception explained = AgentSettings.explain(e, file);
    assertTrue(explained instanceof ConfigException, explained.toString());
    assertEquals(2, ((ConfigException) explained).line());
  }

  @Test
  void readFile_noDefaultFile_none() throws Exception {
    assertTrue(AgentSettings.readFile(dataDir, null).isEmpty());
  }

  @Test
  void readFile_explicitFileMissing_error() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> AgentSettings.readFile(dataDir, dataDir.resolve("other.toml")));
    assertTrue(e.getMessage().endsWith("other.toml: no such file"), e.getMessage());
  }
}
