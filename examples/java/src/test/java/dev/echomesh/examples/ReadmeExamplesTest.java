package dev.echomesh.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples are these sources, which the build compiles: each code block that
 * follows a {@code <!-- example: PATH -->} line must equal the file at PATH (from the repository's
 * top), so that neither can change without the other.
 */
class ReadmeExamplesTest {

  private static final Path TOP = Path.of("..", "..");
  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- example: (\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void readme_everyExampleBlock_equalsItsSourceFile() throws IOException {
    List<Example> examples = examples(Files.readString(TOP.resolve("README.md")));

    assertFalse(examples.isEmpty(), "README.md has no <!-- example: PATH --> block");
    for (Example example : examples) {
      Path source = TOP.resolve(example.path());
      assertTrue(Files.isRegularFile(source), "README names an example that does not exist: " + example.path());
      assertEquals(Files.readString(source), example.code(),
          "README.md's block differs from " + example.path() + ": copy the file into README.md");
    }
  }

  @Test
  void examples_blockAfterMarker_isFoundWithItsPath() {
    String readme = "text\n<!-- example: a/B.java -->\n```java\nclass B {}\n```\nmore\n```java\nnot marked\n```\n";

    assertEquals(List.of(new Example("a/B.java", "class B {}\n")), examples(readme));
  }

  private static List<Example> examples(String readme) {
    List<Example> examples = new ArrayList<>();
    Matcher matcher = EXAMPLE.matcher(readme);
    while (matcher.find()) {
      examples.add(new Example(matcher.group(1), matcher.group(2)));
    }
    return examples;
  }

  private record Example(String path, String code) {}
}
