package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256Test {

  @Test
  void digest_knownVector_matchesFips180() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII)).hex());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.digest(new byte[0]).hex());
  }

  @Test
  void ofHex_eitherCase_equalsTheSameDigest() {
    Sha256 lower = Sha256.ofHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Sha256 upper = Sha256.ofHex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
    assertEquals(lower, upper);
    assertEquals(lower.hashCode(), upper.hashCode());
    assertEquals(lower, Sha256.of(lower.bytes()));
    assertNotEquals(lower, Sha256.digest(new byte[0]));
  }

  @Test
  void bytes_isACopy() {
    Sha256 digest = Sha256.digest(new byte[1]);
    byte[] bytes = digest.bytes();
    bytes[0] ^= 1;
    assertNotEquals(bytes[0], digest.bytes()[0]);
    assertArrayEquals(digest.bytes(), Sha256.ofHex(digest.hex()).bytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00"})
  void ofHex_wrongLengthOrDigits_isRefused(String hex) {
    assertThrows(IllegalArgumentException.class, () -> Sha256.ofHex(hex));
  }

  @Test
  void of_wrongLength_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Sha256.of(new byte[31]));
  }
}
