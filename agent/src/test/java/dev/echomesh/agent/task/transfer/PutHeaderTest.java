package dev.echomesh.agent.task.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.file.InvalidNameException;
import dev.echomesh.agent.task.file.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PutHeaderTest {

  private static final String SHA = Sha256.digest(new byte[0]).hex();

  private static PutHeader parse(String line) throws IOException {
    return PutHeader.parse(HeaderLine.read(stream(line + "\n")));
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_fullHeader_readsEveryField() throws IOException {
    PutHeader header = parse("{\"name\":\"a/b.txt\",\"size\":10,\"mode\":493,\"sha256\":\"" + SHA
        + "\",\"overwrite\":true,\"offset\":4}");

    assertEquals("a/b.txt", header.name().toString());
    assertEquals(10, header.sizeBytes());
    assertEquals(0755, header.mode());
    assertEquals(SHA, header.sha256().orElseThrow().hex());
    assertTrue(header.overwrite());
    assertFalse(header.resumeQuery());
    assertEquals(4, header.offset());
  }

  @Test
  void parse_minimalHeader_defaultsModeOverwriteAndOffset() throws IOException {
    PutHeader header = parse("{\"name\":\"x\",\"size\":0,\"sha256\":\"" + SHA + "\"}");

    assertEquals(0644, header.mode());
    assertFalse(header.overwrite());
    assertEquals(0, header.offset());
  }

  @Test
  void parse_resumeQuery_needsNoSha256() throws IOException {
    PutHeader header = parse("{\"name\":\"x\",\"size\":5,\"resume\":true}");

    assertTrue(header.resumeQuery());
    assertTrue(header.sha256().isEmpty());
  }

  @Test
  void parse_sha256Trailer_hasNoSha256_andRoundTrips() throws IOException {
    PutHeader header = parse("{\"name\":\"x\",\"size\":5,\"sha256Trailer\":true,\"offset\":2}");

    assertTrue(header.sha256Trailer());
    assertTrue(header.sha256().isEmpty());
    assertEquals(header, PutHeader.parse(HeaderLine.read(new ByteArrayInputStream(HeaderLine.bytes(header.toJson())))));
  }

  @Test
  void sha256Trailer_headerWithSha256OrQuery_isFalse() throws IOException {
    assertFalse(parse("{\"name\":\"x\",\"size\":5,\"sha256\":\"" + SHA + "\"}").sha256Trailer());
    assertFalse(parse("{\"name\":\"x\",\"size\":5,\"resume\":true}").sha256Trailer());
  }

  @Test
  void parse_roundTripThroughToJson_isTheSameHeader() throws IOException {
    PutHeader header = parse("{\"name\":\"d/x\",\"size\":9,\"mode\":420,\"sha256\":\"" + SHA + "\",\"offset\":3}");

    assertEquals(header, PutHeader.parse(HeaderLine.read(new ByteArrayInputStream(HeaderLine.bytes(header.toJson())))));
  }

  @Test
  void parse_badFields_areBadHeaders() {
    for (String line : new String[] {
        "{\"size\":1,\"sha256\":\"" + SHA + "\"}",
        "{\"name\":\"x\",\"sha256\":\"" + SHA + "\"}",
        "{\"name\":\"x\",\"size\":-1,\"sha256\":\"" + SHA + "\"}",
        "{\"name\":\"x\",\"size\":1}",
        "{\"name\":\"x\",\"size\":1,\"sha256\":\"abc\"}",
        "{\"name\":\"x\",\"size\":1,\"sha256\":\"" + SHA + "\",\"offset\":2}",
        "{\"name\":\"x\",\"size\":1,\"sha256\":\"" + SHA + "\",\"mode\":65536}",
        "{\"name\":\"x\",\"size\":1,\"resume\":true,\"offset\":1}",
        "{\"name\":\"x\",\"size\":1,\"sha256Trailer\":true,\"sha256\":\"" + SHA + "\"}",
        "{\"name\":\"x\",\"size\":1,\"sha256Trailer\":true,\"resume\":true}",
        "{\"name\":\"x\",\"size\":1,\"sha256Trailer\":1}",
        "{\"name\":\"x\",\"size\":\"1\",\"sha256\":\"" + SHA + "\"}",
        "[1,2]",
        "not json"}) {
      assertThrows(BadHeaderException.class, () -> parse(line), line);
    }
  }

  @Test
  void parse_badName_isInvalidName() {
    for (String name : new String[] {"../x", "/etc/passwd", "a/../../x", "a//b", "x\\u0000y"}) {
      assertThrows(InvalidNameException.class,
          () -> parse("{\"name\":\"" + name + "\",\"size\":1,\"sha256\":\"" + SHA + "\"}"), name);
    }
  }

  @Test
  void read_missingOrEndlessLine_isBadHeader() {
    assertThrows(BadHeaderException.class, () -> HeaderLine.read(stream("")));
    assertThrows(BadHeaderException.class, () -> HeaderLine.read(stream("{\"name\":\"x\"}")));
    assertThrows(BadHeaderException.class, () -> HeaderLine.read(stream("x".repeat(HeaderLine.MAX_BYTES + 1) + "\n")));
  }

  @Test
  void read_leavesTheStreamAtTheBytesAfterTheLine() throws IOException {
    InputStream in = stream("{\"a\":1}\nrest");

    HeaderLine.read(in);

    assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }
}
