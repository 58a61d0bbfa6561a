package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MeshKeyTest {

  private static final String TYPEABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-";
  /** A fixed key, so that every run checks the same table (and a failure is reproducible). */
  private static final MeshKey KEY = MeshKey.generate(seeded(42));
  private static final String CODE = KEY.joinCode();

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IllegalArgumentException refused(String code) {
    return assertThrows(
        IllegalArgumentException.class, () -> MeshKey.fromJoinCode(code), () -> "accepted: " + code);
  }

  @Test
  void joinCode_roundTrip_sameKey() {
    for (int i = 0; i < 100; i++) {
      MeshKey key = MeshKey.generate();
      MeshKey back = MeshKey.fromJoinCode(key.joinCode());
      assertEquals(key, back);
      assertArrayEquals(key.bytes(), back.bytes());
    }
  }

  @Test
  void joinCode_format_prefixAndGroupsOfFour() {
    assertTrue(CODE.matches("EM1(-[A-Z2-7]{4}){14}"), CODE);
    assertEquals(73, CODE.length());
  }

  @Test
  void fromJoinCode_lowerCaseSpacesNoDashes_accepted() {
    assertEquals(KEY, MeshKey.fromJoinCode(CODE.toLowerCase()));
    assertEquals(KEY, MeshKey.fromJoinCode(CODE.replace("-", "")));
    assertEquals(KEY, MeshKey.fromJoinCode("  " + CODE.replace("-", " ") + "\n"));
  }

  static Stream<Arguments> positions() {
    return IntStream.range(0, CODE.length()).mapToObj(Arguments::of);
  }

  @ParameterizedTest(name = "position {0}")
  @MethodSource("positions")
  void fromJoinCode_everySingleCharacterTypo_refused(int position) {
    char original = CODE.charAt(position);
    for (char typo : TYPEABLE.toCharArray()) {
      if (typo != original) {
        String code = CODE.substring(0, position) + typo + CODE.substring(position + 1);
        if (original == '-' && typo != '-') {
          // A letter typed for a dash makes the code one character too long.
          assertTrue(refused(code).getMessage().startsWith("join code is too long"), code);
        } else {
          refused(code);
        }
      }
    }
  }

  @ParameterizedTest(name = "swap at {0}")
  @MethodSource("positions")
  void fromJoinCode_neighbouringCharactersSwapped_refused(int position) {
    if (position + 1 < CODE.length() && CODE.charAt(position) != CODE.charAt(position + 1)) {
      char[] chars = CODE.toCharArray();
      chars[position] = CODE.charAt(position + 1);
      chars[position + 1] = CODE.charAt(position);
      String swapped = new String(chars);
      if (!swapped.replace("-", "").equals(CODE.replace("-", ""))) {
        refused(swapped);
      }
    }
  }

  @Test
  void fromJoinCode_everyTruncation_refused() {
    List<String> messages = new ArrayList<>();
    for (int length = 0; length < CODE.length(); length++) {
      messages.add(refused(CODE.substring(0, length)).getMessage());
    }
    assertEquals("join code is empty", messages.get(0));
    assertEquals("join code is truncated: expected 56 characters after EM1, got 37",
        refused(CODE.substring(0, 50)).getMessage());
    messages.forEach(m -> assertFalse(m.contains("\n"), m));
  }

  @Test
  void fromJoinCode_typo_checksumMessage() {
    int last = CODE.length() - 1;
    String typo = CODE.substring(0, last) + (CODE.charAt(last) == 'A' ? 'B' : 'A');
    assertEquals("join code checksum does not match: check for a typo", refused(typo).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "8", "9", "!", "é"})
  void fromJoinCode_characterOutsideBase32_namesCharacterAndPosition(String bad) {
    String code = CODE.substring(0, 10) + bad + CODE.substring(11);
    assertEquals(
        "join code has '" + bad.toUpperCase() + "' at character 9: only letters A-Z and digits 2-7 are used",
        refused(code).getMessage());
  }

  @Test
  void fromJoinCode_extraCharacter_tooLong() {
    assertEquals(
        "join code is too long: expected 56 characters after EM1, got 57",
        refused(CODE + "A").getMessage());
  }

  @Test
  void fromJoinCode_otherVersionOrText_refusedWithReason() {
    assertEquals(
        "join code version EM2 is not supported: this echomesh reads EM1 codes",
        refused("EM2" + CODE.substring(3)).getMessage());
    assertEquals(
        "not an echomesh join code: it starts with EM1-",
        refused("hello world").getMessage());
    refused(null);
  }

  @Test
  void toString_neverShowsKeyOrCode() {
    String text = KEY.toString();
    assertFalse(text.contains(CODE.substring(4, 12)), text);
    assertTrue(text.contains(KEY.meshId()), text);
  }

  @Test
  void secrets_sameKey_sameSecrets_differentKey_different() {
    MeshKey other = MeshKey.generate();
    assertEquals(KEY.secrets().meshId(), MeshKey.fromJoinCode(CODE).secrets().meshId());
    assertArrayEquals(KEY.secrets().pingKey(), MeshKey.fromJoinCode(CODE).secrets().pingKey());
    assertNotEquals(KEY.meshId(), other.meshId());
    assertFalse(java.util.Arrays.equals(KEY.secrets().pingKey(), other.secrets().pingKey()));
  }

  @Test
  void fromBytes_wrongLength_refused() {
    assertThrows(IllegalArgumentException.class, () -> MeshKey.fromBytes(new byte[31]));
  }
}
