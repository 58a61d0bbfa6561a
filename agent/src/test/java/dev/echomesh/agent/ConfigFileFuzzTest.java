package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.fuzz.DecoderContract;
import dev.echomesh.agent.fuzz.DecoderFuzzTest;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fuzzes the config file: the bytes of {@code echomesh.toml} through {@link ConfigFile#parse(Path,
 * byte[])} (UTF-8, TOML, every key and value checked against its setting, command tasks,
 * allow-lists) and {@link ConfigFile#applyTo} onto the LAN defaults (values that conflict).
 *
 * <p>Input: the file's bytes. A file either gives settings or is refused with a {@link
 * ConfigException}, whose message is one line naming the file, and whose line number is one of the
 * file's (0 = the whole file); nothing else may come out.
 */
class ConfigFileFuzzTest {

  /** Never read: only named in messages and used to resolve relative paths. */
  private static final Path FILE = Path.of("/nonexistent", "echomesh.toml");

  @DecoderFuzzTest
  void parse_fuzzedFile_givesSettingsOrConfigException(byte[] input) throws Exception {
    Optional<ConfigException> refused = DecoderContract.decodeWithoutException(input,
        DecoderContract.ALLOCATED_BYTES_PER_TEXT_BYTE, bytes -> {
      try {
        ConfigFile.parse(FILE, bytes).applyTo(AgentConfig.lanDefaults());
        return Optional.<ConfigException>empty();
      } catch (ConfigException e) {
        return Optional.of(e);
      }
    });
    if (refused.isPresent()) {
      String message = refused.get().getMessage();
      assertFalse(message.contains("\n") || message.contains("\r"), "a message of more than one line: " + message);
      assertTrue(message.startsWith(FILE.toString()), "the message names the file: " + message);
      long breaks = 0;
      for (byte b : input) {
        breaks += b == '\n' || b == '\r' ? 1 : 0;
      }
      int line = refused.get().line();
      assertTrue(line >= 0 && line <= breaks + 1, "line " + line + " of a file with " + breaks + " line breaks");
    }
  }
}
