package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/config.md is what {@link ConfigReference} writes from the code. Run with
 * {@code -Dechomesh.writeConfigReference=true} to rewrite the page (see its first lines).
 */
class ConfigReferenceTest {

  /** The page, from the agent module's directory (Maven runs tests there). */
  private static final Path PAGE = Path.of("..", "docs", "config.md");

  @Test
  void page_matchesTheCode() throws IOException {
    String expected = ConfigReference.markdown();
    if (Boolean.getBoolean("echomesh.writeConfigReference")) {
      Files.createDirectories(PAGE.getParent());
      Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
    }
    assertEquals(expected, Files.readString(PAGE, StandardCharsets.UTF_8),
        "docs/config.md differs from the settings in the code; regenerate it with " + ConfigReference.REGENERATE);
  }
}
