package dev.echomesh.tools;

import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.task.internal.IdempotencyCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of {@code echomesh call --any}: how the peer is chosen, and the idempotency key. */
final class AnyCallOptions {

  @Option(
      names = "--any",
      paramLabel = "TASK",
      description = "Call TASK on any ALIVE peer that offers it, instead of on PEER; go on to the next"
          + " peer when one is unreachable, overloaded, lacks the task or dies before the task ran,"
          + " within --timeout.")
  String task;

  @Option(
      names = "--select",
      paramLabel = "rtt|load|random",
      description = "With --any, the order in which peers are tried: rtt (lowest ping round trip"
          + " first), load (fewest calls in flight, then lowest CPU load), random"
          + " (default: rtt).")
  String select;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "With --any, only peers that announce this tag (config key `tags`), e.g."
          + " role=camera; repeat to require several.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "With --any, the call's idempotency key (1 to 64 printable ASCII characters):"
          + " running the command again with the same key (within calls.remember-for, default 5m)"
          + " gets the result of the peer that ran the task already instead of running it again."
          + " Without it, the agent makes a fresh key.")
  String idempotencyKey;

  boolean any() {
    return task != null;
  }

  /**
   * @throws CliException USAGE when a --any option is given without --any, or a value is invalid
   */
  PeerSelector selector() {
    String order = select == null ? "rtt" : select.toLowerCase(Locale.ROOT);
    PeerSelector selector = switch (order) {
      case "rtt" -> PeerSelector.leastRtt();
      case "load" -> PeerSelector.leastLoad();
      case "random" -> PeerSelector.random();
      default -> throw CliException.usage("--select must be rtt, load or random, got '" + select + "'");
    };
    for (String tag : tags) {
      int equals = tag.indexOf('=');
      if (equals <= 0 || equals == tag.length() - 1) {
        throw CliException.usage("--tag must be KEY=VALUE, e.g. role=camera, got '" + tag + "'");
      }
      selector = selector.withTag(tag.substring(0, equals), tag.substring(equals + 1));
    }
    return selector;
  }

  /** The key, checked; null when none was given. */
  String key() {
    if (idempotencyKey == null) {
      return null;
    }
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > IdempotencyCache.MAX_KEY_BYTES
        || !idempotencyKey.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw CliException.usage("--idempotency-key must be 1 to " + IdempotencyCache.MAX_KEY_BYTES
          + " printable ASCII characters without spaces");
    }
    return idempotencyKey;
  }

  /** Refuses --select, --tag and --idempotency-key without --any. */
  void requireAnyForItsOptions() {
    if (!any() && (select != null || !tags.isEmpty() || idempotencyKey != null)) {
      throw CliException.usage("--select, --tag and --idempotency-key go with --any TASK");
    }
  }
}
