package dev.echomesh.agent.settings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks of one duration setting against another: the rule, the other setting's value, the value given. */
class CheckTest {

  private static final Duration BOUND = Duration.ofMillis(600);

  @Test
  void longerThan_equalToTheBound_namesBothSettingsAndValues() {
    SettingException e = assertThrows(SettingException.class,
        () -> Check.longerThan("x.dead-after", BOUND, "x.suspect-after", BOUND));
    assertEquals("x.dead-after", e.key());
    assertEquals("x.dead-after must be longer than x.suspect-after (600ms), got 600ms", e.getMessage());
  }

  @Test
  void longerThan_longer_passes() {
    assertDoesNotThrow(() -> Check.longerThan("x.dead-after", BOUND.plusMillis(1), "x.suspect-after", BOUND));
  }

  @Test
  void atLeast_shorter_namesBothSettingsAndValues() {
    SettingException e = assertThrows(SettingException.class,
        () -> Check.atLeast("x.max-delay", Duration.ofSeconds(1), "x.initial-delay", Duration.ofSeconds(2)));
    assertEquals("x.max-delay must be at least x.initial-delay (2s), got 1s", e.getMessage());
  }

  @Test
  void atLeast_equal_passes() {
    assertDoesNotThrow(() -> Check.atLeast("x.max-delay", BOUND, "x.initial-delay", BOUND));
  }

  @Test
  void zeroOrAtLeast_shorterThanTheBound_saysZeroIsAllowedToo() {
    SettingException e = assertThrows(SettingException.class,
        () -> Check.zeroOrAtLeast("x.forget-after", BOUND.minusMillis(1), "x.dead-after", BOUND));
    assertEquals("x.forget-after must be 0 or at least x.dead-after (600ms), got 599ms", e.getMessage());
  }

  @ParameterizedTest(name = "{0} ms")
  @ValueSource(longs = {0, 600, 601})
  void zeroOrAtLeast_zeroOrAtLeastTheBound_passes(long millis) {
    assertDoesNotThrow(() -> Check.zeroOrAtLeast("x.forget-after", Duration.ofMillis(millis), "x.dead-after", BOUND));
  }
}
