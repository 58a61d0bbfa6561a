package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.ConfigFile;
import dev.echomesh.agent.testing.TestMeshes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample config the packages ship (src/dist/config/echomesh.toml.example) stays valid: as
 * shipped, and with every commented setting uncommented, it is read without an error, so a key
 * renamed or a value range changed in the code cannot leave the sample behind.
 */
class SampleConfigTest {

  static final Path SAMPLE = Path.of("src/dist/config/echomesh.toml.example");

  /** {@code # key = value} and {@code # [tasks.NAME]}: the lines a user uncomments. */
  private static final Pattern SETTING = Pattern.compile("(?m)^# ((?:[a-z-]+ = .*)|(?:\\[tasks\\.[a-z-]+\\]))$");

  @TempDir Path dir;

  @Test
  void asShipped_readsAndApplies() throws Exception {
    ConfigFile file = ConfigFile.read(copy(Files.readString(SAMPLE)));
    file.applyTo(AgentConfig.lanDefaults());
  }

  @Test
  void everySettingUncommented_readsAndApplies() throws Exception {
    String text = Files.readString(SAMPLE);
    Matcher settings = SETTING.matcher(text);
    int uncommented = 0;
    StringBuilder out = new StringBuilder();
    while (settings.find()) {
      uncommented++;
      settings.appendReplacement(out, Matcher.quoteReplacement(settings.group(1)));
    }
    settings.appendTail(out);
    String nodeId = TestMeshes.newMesh().newNode("n").nodeId().toString();
    Path shared = Files.createDirectories(dir.resolve("share"));
    String concrete = out.toString()
        .replaceAll("\"<node ID[^\"]*>\"", "\"" + nodeId + "\"")
        .replace("\"/srv/share\"", "\"" + shared + "\"");
    assertTrue(uncommented >= 20, "uncommented only " + uncommented + " lines");
    ConfigFile file = ConfigFile.read(copy(concrete));
    file.applyTo(AgentConfig.lanDefaults());
    assertEquals(1, file.commandTasks().size());
  }

  private Path copy(String text) throws IOException {
    return Files.writeString(dir.resolve("echomesh.toml"), text);
  }
}
