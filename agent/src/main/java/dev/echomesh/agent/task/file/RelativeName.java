package dev.echomesh.agent.task.file;

import dev.echomesh.agent.task.file.InvalidNameException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The name of a file inside a shared directory or the inbox: a relative path of one or more
 * segments separated by '/', checked by {@link #parse} so that it can only ever name something
 * below the directory it is resolved in.
 *
 * <p>Refused (each with its {@link Reason}): the empty name, a leading '/', empty segments ("a//b",
 * a trailing '/'), "." and ".." segments, C0/C1 control characters including NUL, DEL, line and
 * paragraph separators, bidirectional formatting characters, backslashes (a separator for Windows
 * peers, so a name containing one would mean different files on different members), unpaired
 * surrogates, names longer than {@link #MAX_NAME_BYTES}, segments longer than {@link
 * #MAX_SEGMENT_BYTES}, more than {@link #MAX_DEPTH} segments, and a last segment of the form the
 * inbox uses for partial files. Names are not Unicode-normalised: they are compared as the file
 * system compares them, char by char.
 *
 * <p>Instances are immutable; they order segment by segment, which is the depth-first order of the
 * tree they name ({@code "a/b"} before {@code "a-b"}).
 */
public final class RelativeName implements Comparable<RelativeName> {

  /**
   * Longest name, in UTF-8 bytes: 1024 leaves room for the directory it is resolved in within
   * Linux's PATH_MAX of 4096.
   */
  public static final int MAX_NAME_BYTES = 1024;

  /**
   * Longest segment, in UTF-8 bytes: the 255-byte NAME_MAX of Linux file systems minus the
   * {@value PartName#OVERHEAD_BYTES} bytes a partial file adds to the name.
   */
  public static final int MAX_SEGMENT_BYTES = 255 - PartName.OVERHEAD_BYTES;

  /** Most segments in one name; bounds the directories a walk or a receive opens. */
  public static final int MAX_DEPTH = 64;

  private final String name;
  private final List<String> segments;

  private RelativeName(String name, List<String> segments) {
    this.name = name;
    this.segments = segments;
  }

  /**
   * Checks {@code name} against the rules above.
   *
   * @throws InvalidNameException naming the first rule it breaks
   */
  public static RelativeName parse(String name) throws InvalidNameException {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new InvalidNameException(name, Reason.EMPTY, "the name is empty");
    }
    if (name.length() > MAX_NAME_BYTES) { // UTF-8 never has fewer bytes than UTF-16 chars
      throw tooLong(name, name.length());
    }
    checkCharacters(name);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw tooLong(name, bytes);
    }
    if (name.charAt(0) == '/') {
      throw new InvalidNameException(name, Reason.ABSOLUTE, "absolute paths are refused");
    }
    List<String> segments = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = name.indexOf('/', start);
      String segment = slash < 0 ? name.substring(start) : name.substring(start, slash);
      checkSegment(name, segment);
      segments.add(segment);
      if (segments.size() > MAX_DEPTH) {
        throw new InvalidNameException(
            name, Reason.TOO_DEEP, "more than " + MAX_DEPTH + " segments");
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (PartName.looksLikePart(segments.get(segments.size() - 1))) {
      throw new InvalidNameException(
          name, Reason.RESERVED, "names of the form .NAME.<16 hex digits>.part are partial transfers");
    }
    return new RelativeName(name, Collections.unmodifiableList(segments));
  }

  /** This name with {@code segment} appended, checked like {@link #parse}. */
  public RelativeName child(String segment) throws InvalidNameException {
    return parse(name + "/" + segment);
  }

  /** The segments, first to last; never empty. */
  public List<String> segments() {
    return segments;
  }

  /** The last segment: the file's own name. */
  public String fileName() {
    return segments.get(segments.size() - 1);
  }

  /** The segments before the last: the directories to pass through. */
  public List<String> parentSegments() {
    return segments.subList(0, segments.size() - 1);
  }

  /** The name quoted for a message, controls escaped. */
  public String printable() {
    return Printable.quote(name);
  }

  @Override
  public int compareTo(RelativeName other) {
    int common = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < common; i++) {
      int c = segments.get(i).compareTo(other.segments.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(segments.size(), other.segments.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelativeName other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The name with '/' separators, exactly as parsed. */
  @Override
  public String toString() {
    return name;
  }

  private static void checkCharacters(String name) throws InvalidNameException {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        throw new InvalidNameException(
            name, Reason.BACKSLASH, "backslash at index " + i + " (use '/' between segments)");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw new InvalidNameException(
            name, Reason.MALFORMED_UNICODE, "unpaired surrogate at index " + i);
      }
      if (isControl(c)) {
        throw new InvalidNameException(
            name,
            Reason.CONTROL_CHARACTER,
            "control character " + Printable.codePoint(c) + " at index " + i);
      }
    }
  }

  private static boolean isControl(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL // C0, DEL, C1; NUL included
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || isBidiFormatting(c);
  }

  /** LRM, RLM, ALM, the embeddings and overrides LRE..RLO, and the isolates LRI..PDI. */
  private static boolean isBidiFormatting(char c) {
    return c == '\u200E'
        || c == '\u200F'
        || c == '\u061C'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static void checkSegment(String name, String segment) throws InvalidNameException {
    if (segment.isEmpty()) {
      throw new InvalidNameException(name, Reason.EMPTY_SEGMENT, "empty segment (\"//\" or a trailing '/')");
    }
    if (segment.equals(".")) {
      throw new InvalidNameException(name, Reason.DOT_SEGMENT, "\".\" segments are refused");
    }
    if (segment.equals("..")) {
      throw new InvalidNameException(name, Reason.DOT_DOT_SEGMENT, "\"..\" segments are refused");
    }
    int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SEGMENT_BYTES) {
      throw new InvalidNameException(
          name,
          Reason.SEGMENT_TOO_LONG,
          "a segment of " + bytes + " bytes is longer than " + MAX_SEGMENT_BYTES);
    }
  }

  private static InvalidNameException tooLong(String name, int bytes) {
    return new InvalidNameException(
        name, Reason.TOO_LONG, "at least " + bytes + " bytes, more than " + MAX_NAME_BYTES);
  }
}
