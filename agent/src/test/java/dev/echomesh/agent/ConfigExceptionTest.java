package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

  @Test
  void message_valueWithControlCharacters_staysOneLine() {
    ConfigException e = new ConfigException(Path.of("/etc/echomesh.toml"), 2, "deny",
        "deny: 'AB\nCD\tE\u0007': a node ID has 52 base32 characters");
    assertEquals("/etc/echomesh.toml:2: deny: 'AB\\nCD\\tE\\u0007': a node ID has 52 base32 characters",
        e.getMessage());
  }

  @Test
  void message_plainText_unchanged() {
    assertEquals("link.port must be 0 to 65535, got 70000",
        new ConfigException(null, 0, "link.port", "link.port must be 0 to 65535, got 70000").getMessage());
  }
}
