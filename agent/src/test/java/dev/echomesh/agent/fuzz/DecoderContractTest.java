package dev.echomesh.agent.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecoderContractTest {

  @Test
  void decode_decoderReturnsValue_givesIt() throws Exception {
    assertEquals(Optional.of(3), DecoderContract.decode(new byte[3], IOException.class, in -> in.length));
  }

  @Test
  void decode_documentedException_givesEmpty() throws Exception {
    assertEquals(Optional.empty(), DecoderContract.decode(new byte[1], IOException.class, in -> {
      throw new IOException("bad input");
    }));
  }

  @Test
  void decode_undocumentedException_propagates() {
    assertThrows(IllegalStateException.class,
        () -> DecoderContract.decode(new byte[1], IOException.class, in -> {
          throw new IllegalStateException("a bug");
        }));
  }

  @Test
  void decode_bufferReservedFromALengthPrefix_fails() {
    AssertionError failure = assertThrows(AssertionError.class,
        () -> DecoderContract.decode(new byte[5], IOException.class, in -> new byte[16 << 20]));

    assertTrue(failure.getMessage().startsWith("decoding 5 bytes allocated"), failure.getMessage());
  }

  @Test
  void decode_allocationInProportion_passes() throws Exception {
    byte[] input = new byte[4096];

    assertEquals(Optional.of(4 * input.length),
        DecoderContract.decode(input, IOException.class, in -> new byte[4 * in.length].length));
  }

  @Test
  void decodeWithoutException_decoderReturnsNull_fails() {
    assertThrows(AssertionError.class, () -> DecoderContract.decodeWithoutException(new byte[0], in -> null));
  }
}
