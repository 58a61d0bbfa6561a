package dev.echomesh.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which echomesh packages each package of a source tree refers to, read from the sources: every
 * fully qualified {@code dev.echomesh.agent...Type} outside comments, imports included. Package
 * names are given without {@code dev.echomesh.}, as in DESIGN.md ({@code agent.link}).
 */
final class PackageDependencies {

  private static final String PREFIX = "dev.echomesh.";
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  /** A reference to a type: lower-case package segments, then an upper-case type name. */
  private static final Pattern TYPE_REFERENCE =
      Pattern.compile("\\bdev\\.echomesh\\.(agent(?:\\.[a-z]\\w*)*)\\.[A-Z]");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");
  private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");

  private PackageDependencies() {}

  /** For each package under {@code sourceRoot}: the other echomesh packages it refers to. */
  static Map<String, Set<String>> read(Path sourceRoot) {
    Map<String, Set<String>> dependencies = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> add(readString(f), dependencies));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dependencies;
  }

  /** Adds the references of one source file to {@code dependencies}. */
  static void add(String source, Map<String, Set<String>> dependencies) {
    Matcher declared = PACKAGE.matcher(source);
    if (!declared.find() || !declared.group(1).startsWith(PREFIX)) {
      return;
    }
    String from = declared.group(1).substring(PREFIX.length());
    Set<String> targets = dependencies.computeIfAbsent(from, p -> new TreeSet<>());
    String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(source).replaceAll("")).replaceAll("");
    Matcher reference = TYPE_REFERENCE.matcher(code);
    while (reference.find()) {
      if (!reference.group(1).equals(from)) {
        targets.add(reference.group(1));
      }
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
