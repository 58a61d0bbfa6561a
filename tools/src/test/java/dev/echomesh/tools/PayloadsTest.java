package dev.echomesh.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  private static final InputStream NO_INPUT = new ByteArrayInputStream(new byte[0]);

  @Test
  void read_none_empty() {
    assertArrayEquals(new byte[0], Payloads.read(null, NO_INPUT));
  }

  @Test
  void read_text_utf8Bytes() {
    assertArrayEquals("héllo".getBytes(UTF_8), Payloads.read("héllo", NO_INPUT));
  }

  @Test
  void read_dash_allOfStdin() {
    assertArrayEquals(
        "a\nb\n".getBytes(UTF_8),
        Payloads.read("-", new ByteArrayInputStream("a\nb\n".getBytes(UTF_8))));
  }

  @Test
  void read_stdinOverLimit_usageError() {
    InputStream huge =
        new InputStream() {
          private long left = Payloads.MAX_PAYLOAD_BYTES + 10L;

          @Override
          public int read() {
            return left-- > 0 ? 'x' : -1;
          }
        };
    CliException e = assertThrows(CliException.class, () -> Payloads.read("-", huge));
    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("16 MiB"), e.getMessage());
  }
}
