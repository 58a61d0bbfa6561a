package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.discovery.AnnouncementRejectedException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TxtCodecTest {

  @Test
  void encode_entries_lengthPrefixedKeyValueStrings() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("v", "1");
    entries.put("name", "küche");

    byte[] txt = TxtCodec.encode(entries);

    assertArrayEquals(concat(string("v=1"), string("name=küche")), txt);
  }

  @Test
  void decode_encoded_sameEntries() throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("id", "ABCD");
    entries.put("name", "ℝaum 7 = gut");
    entries.put("empty", "");

    assertEquals(entries, TxtCodec.decode(TxtCodec.encode(entries)));
  }

  @Test
  void decode_rfc6763Rules_firstWinsCaseFoldedBooleanKeysEmptyStringsSkipped() throws Exception {
    byte[] txt = concat(string("ID=first"), string("id=second"), new byte[] {0}, string("flag"), string("k=a=b"));

    assertEquals(Map.of("id", "first", "flag", "", "k", "a=b"), TxtCodec.decode(txt));
  }

  @Test
  void decode_emptyRecord_noEntries() throws Exception {
    assertEquals(Map.of(), TxtCodec.decode(new byte[] {0}));
    assertEquals(Map.of(), TxtCodec.decode(new byte[0]));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("length past the end", new byte[] {5, 'a', '=', 'b'}),
        Arguments.of("empty key", string("=value")),
        Arguments.of("control character in key", string("a\u0001b=c")),
        Arguments.of("invalid UTF-8", new byte[] {3, 'a', '=', (byte) 0xc3}),
        Arguments.of("over the size limit", new byte[TxtCodec.MAX_RECORD_BYTES + 1]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void decode_malformed_rejectedAsMalformed(String title, byte[] txt) {
    AnnouncementRejectedException e = assertThrows(AnnouncementRejectedException.class, () -> TxtCodec.decode(txt));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void encode_entryOver255Bytes_throws() {
    assertThrows(IllegalArgumentException.class, () -> TxtCodec.encode(Map.of("name", "x".repeat(251))));
  }

  @Test
  void encode_badKey_throws() {
    assertThrows(IllegalArgumentException.class, () -> TxtCodec.encode(Map.of("a=b", "c")));
    assertThrows(IllegalArgumentException.class, () -> TxtCodec.encode(Map.of("", "c")));
  }

  @Test
  void printable_controlCharactersAndLength_neutralized() {
    assertEquals("a?b", TxtCodec.printable("a\nb"));
    assertEquals("x".repeat(40) + "...", TxtCodec.printable("x".repeat(41)));
  }

  static byte[] string(String entry) {
    byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
    return concat(new byte[] {(byte) bytes.length}, bytes);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
