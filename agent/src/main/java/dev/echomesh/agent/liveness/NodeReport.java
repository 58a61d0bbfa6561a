package dev.echomesh.agent.liveness;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a node says about itself in each of its pings, for callers choosing among peers: its load
 * and its tags. Carried in pings only, not pongs: every node pings each peer it knows every ping
 * interval, so each peer's pings bring its newest report anyway.
 *
 * @param callsInFlight task calls running or queued at the node; {@link #UNKNOWN} when not reported
 * @param cpuLoadPermille 1-minute load average per CPU in thousandths; {@link #UNKNOWN} when not
 *     reported or not measurable
 * @param tags "key=value" labels from the node's config, e.g. {@code role=camera}
 */
public record NodeReport(long callsInFlight, long cpuLoadPermille, Map<String, String> tags) {

  /** A value that was not reported. */
  public static final long UNKNOWN = -1;
  /** Nothing reported (an older agent, or a pong). */
  public static final NodeReport NONE = new NodeReport(UNKNOWN, UNKNOWN, Map.of());
  /** Most tags a node announces. */
  public static final int MAX_TAGS = 8;
  /** Longest tag, "key=value", in UTF-8 bytes. */
  public static final int MAX_TAG_BYTES = 48;

  public NodeReport {
    tags = Map.copyOf(tags);
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("at most " + MAX_TAGS + " tags, got " + tags.size());
    }
  }

  /**
   * Why {@code tag} is not a valid "key=value" tag (key: 1 or more of a-z, 0-9, '.', '-', '_';
   * value: printable, no spaces; at most {@value #MAX_TAG_BYTES} bytes in all); empty when valid.
   */
  public static Optional<String> problem(String tag) {
    int eq = tag.indexOf('=');
    if (tag.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_BYTES) {
      return Optional.of("longer than " + MAX_TAG_BYTES + " bytes");
    }
    if (eq < 1 || !tag.substring(0, eq).matches("[a-z0-9._-]+")) {
      return Optional.of("not key=value with a key of a-z, 0-9, '.', '-', '_'");
    }
    if (!tag.substring(eq + 1).codePoints().allMatch(c -> c > ' ' && c != 0x7f)) {
      return Optional.of("the value has spaces or control characters");
    }
    return Optional.empty();
  }

  /** The valid "key=value" entries of {@code tags}, the first of each key, at most {@link #MAX_TAGS}. */
  public static Map<String, String> parseValid(List<String> tags) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String tag : tags) {
      if (parsed.size() == MAX_TAGS) {
        break;
      }
      if (problem(tag).isEmpty()) {
        int eq = tag.indexOf('=');
        parsed.putIfAbsent(tag.substring(0, eq), tag.substring(eq + 1));
      }
    }
    return parsed;
  }

  /** The tags as "key=value" strings, sorted. */
  public List<String> tagList() {
    return tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }
}
