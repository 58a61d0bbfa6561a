package dev.echomesh.agent.discovery;

import java.util.regex.Pattern;

/**
 * An interface name pattern: {@code *} matches any run of characters, {@code ?} one character,
 * everything else itself (case-sensitive, like interface names on Linux).
 */
final class Glob {

  private final String text;
  private final Pattern pattern;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /**
   * Compiles {@code glob}.
   *
   * @throws IllegalArgumentException if it is blank or holds whitespace
   */
  static Glob of(String glob) {
    if (glob == null || glob.isBlank() || glob.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("an interface pattern is a non-empty name with optional * and ?, got '"
          + glob + "'");
    }
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new Glob(glob, Pattern.compile(regex.toString()));
  }

  boolean matches(String name) {
    return pattern.matcher(name).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
