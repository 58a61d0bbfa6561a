package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class NetworkArgumentsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "127.0.0.1:47200, 127.0.0.1:47200",
    "[::1]:1, [0:0:0:0:0:0:0:1]:1",
    "198.18.0.2:65535, 198.18.0.2:65535",
  })
  void hostPort_valid_parsedAndFormattedBack(String text, String formatted) {
    InetSocketAddress address = NetworkArguments.hostPort(text);
    assertEquals(formatted, NetworkArguments.format(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "127.0.0.1",
        ":47200",
        "127.0.0.1:",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "::1:47200",
        "[::1]"
      })
  void hostPort_invalid_oneLineReason(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkArguments.hostPort(text));
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "198.18.0.2, 198.18.0.2:47200",
    "198.18.0.2:5, 198.18.0.2:5",
    "[::1], [0:0:0:0:0:0:0:1]:47200",
    "::1, [0:0:0:0:0:0:0:1]:47200",
    "[::1]:9, [0:0:0:0:0:0:0:1]:9",
  })
  void peerAddress_portOptional_defaultsToTheLinkPort(String text, String formatted) {
    InetSocketAddress address = new NetworkArguments.PeerAddressConverter().convert(text);
    assertEquals(formatted, NetworkArguments.format(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":47200", "127.0.0.1:", "127.0.0.1:0", "[::1]:x"})
  void peerAddress_invalid_refused(String text) {
    assertThrows(
        TypeConversionException.class,
        () -> new NetworkArguments.PeerAddressConverter().convert(text));
  }

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 0.0.0.0",
    "::, 0:0:0:0:0:0:0:0",
    "[::1], 0:0:0:0:0:0:0:1",
    "192.168.1.10, 192.168.1.10"
  })
  void ipLiteral_valid_parsedWithoutLookup(String text, String address) {
    assertEquals(address, NetworkArguments.ipLiteral(text).getHostAddress());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "10.0.0", "1.2.3.4.5", ""})
  void ipLiteral_notALiteral_rejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> NetworkArguments.ipLiteral(text));
  }
}
