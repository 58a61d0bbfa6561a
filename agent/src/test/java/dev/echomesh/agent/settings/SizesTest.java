package dev.echomesh.agent.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "0, 0", "100, 100", "512B, 512", "64KiB, 65536", "1MiB, 1048576", "1.5MiB, 1572864", "2GiB, 2147483648",
      "' 3 KiB ', 3072"})
  void parse_numberAndUnit_bytes(String text, long bytes) {
    assertEquals(bytes, Sizes.parse(text));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "MiB", "1MB", "1 mib", "-1", "1.5B", "1e3"})
  void parse_notASize_oneLineWithTheFormat(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"1, 1B", "1024, 1KiB", "1536, 1536B", "1048576, 1MiB", "1572864, 1536KiB", "0, 0B"})
  void format_bytes_shortestExactForm(long bytes, String text) {
    assertEquals(text, Sizes.format(bytes));
    assertEquals(bytes, Sizes.parse(text));
  }
}
