package dev.echomesh.tools.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags the {@code ./echomesh} launcher script gives an agent, read from the script
 * itself (its {@code opts=( ... )} list), so that the benchmark's agent processes run exactly
 * as a user's do and the footprint figures mean what they say.
 */
final class LauncherFlags {

  /** The launcher's file name, at the repository root. */
  static final String SCRIPT = "echomesh";
  /** Environment variable naming the launcher script, for runs outside a checkout. */
  static final String SCRIPT_ENV = "ECHOMESH_LAUNCHER";

  private LauncherFlags() {}

  /**
   * The flags of {@code script}'s {@code opts=(} list, one per element; comments and blank
   * lines skipped.
   *
   * @throws IllegalArgumentException when the script has no such list
   */
  static List<String> parse(String script) {
    List<String> flags = new ArrayList<>();
    boolean inList = false;
    for (String raw : script.split("\n")) {
      String line = raw.strip();
      if (!inList) {
        if (line.startsWith("opts=(")) {
          inList = true;
          line = line.substring("opts=(".length()).strip();
        } else {
          continue;
        }
      }
      int comment = line.indexOf('#');
      if (comment >= 0) {
        line = line.substring(0, comment).strip();
      }
      boolean ends = line.endsWith(")");
      if (ends) {
        line = line.substring(0, line.length() - 1).strip();
      }
      for (String word : line.split("\\s+")) {
        if (!word.isEmpty()) {
          flags.add(word);
        }
      }
      if (ends) {
        return List.copyOf(flags);
      }
    }
    throw new IllegalArgumentException("the launcher script has no complete opts=( ... ) list");
  }

  /**
   * The launcher's agent flags: from {@value #SCRIPT_ENV}, else from the script at the root of
   * the checkout this jar (or class directory) was built in.
   *
   * @return the flags, or empty with no script found
   * @throws IllegalStateException when a script is found but cannot be read or parsed
   */
  static Optional<List<String>> find() {
    Optional<Path> script = locate();
    if (script.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(script.get(), StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the JVM flags of " + script.get() + ": " + e.getMessage(), e);
    }
  }

  /** Where the launcher script is, if anywhere. */
  static Optional<Path> locate() {
    String configured = System.getenv(SCRIPT_ENV);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
    try {
      Path code = Path.of(LauncherFlags.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../tools/target/echomesh.jar or .../tools/target/classes: the root is three levels up.
      Path root = code.toAbsolutePath().getParent();
      for (int i = 0; i < 2 && root != null; i++) {
        root = root.getParent();
      }
      if (root == null) {
        return Optional.empty();
      }
      Path script = root.resolve(SCRIPT);
      return Files.isRegularFile(script) && Files.isRegularFile(root.resolve("pom.xml")) ? Optional.of(script) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
