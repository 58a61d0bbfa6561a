package dev.echomesh.tools.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Reads {@code nft -j list ruleset} for rules that drop or reject what echomesh needs: UDP 5353,
 * the ping port, the link port, or multicast ({@code meta pkttype multicast}, {@code fib daddr type
 * multicast}, a destination in 224.0.0.0/4). Rules with conditions it does not understand are
 * judged by the conditions it does; {@code !=} port matches count for every other port; named sets
 * and a chain's drop policy are not judged (a drop policy is how most firewalls are built, with
 * accept rules it would have to weigh).
 */
final class NftRules {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NftRules() {}

  /** The blocking rules in {@code json}, the output of {@code nft -j list ruleset}. */
  static List<BlockingRule> parse(String json, Ports ports) throws IOException {
    List<BlockingRule> found = new ArrayList<>();
    for (JsonNode item : MAPPER.readTree(json).path("nftables")) {
      JsonNode rule = item.get("rule");
      if (rule == null || !dropsOrRejects(rule.path("expr"))) {
        continue;
      }
      String where = "nft " + rule.path("family").asText() + " " + rule.path("table").asText() + " "
          + rule.path("chain").asText();
      for (BlockingRule.Blocked blocked : blocked(rule.path("expr"), ports)) {
        found.add(new BlockingRule(blocked, where, "handle " + rule.path("handle").asText()));
      }
    }
    return found;
  }

  /** The command that deletes {@code rule}. */
  static String removal(BlockingRule rule) {
    String[] where = rule.where().split(" ");
    return "remove it: nft delete rule " + where[1] + " " + where[2] + " " + where[3] + " "
        + rule.rule();
  }

  private static boolean dropsOrRejects(JsonNode expressions) {
    for (JsonNode expression : expressions) {
      if (expression.has("drop") || expression.has("reject")) {
        return true;
      }
    }
    return false;
  }

  private static Set<BlockingRule.Blocked> blocked(JsonNode expressions, Ports ports) {
    String protocol = "";
    LongPredicate dports = null;
    boolean multicast = false;
    for (JsonNode expression : expressions) {
      JsonNode match = expression.get("match");
      if (match == null) {
        continue;
      }
      String op = match.path("op").asText();
      boolean negated = op.equals("!=");
      if (!negated && !op.equals("==") && !op.equals("in")) {
        continue; // a comparison (<, >) or bit test this reader does not weigh
      }
      JsonNode left = match.path("left");
      JsonNode right = match.path("right");
      JsonNode payload = left.path("payload");
      if (payload.path("field").asText().equals("dport")) {
        protocol = payload.path("protocol").asText();
        LongPredicate named = ports(right);
        dports = negated ? named.negate() : named;
      } else if (payload.path("field").asText().equals("daddr")) {
        multicast |= !negated && isMulticast(right);
      } else if (left.path("meta").path("key").asText().equals("pkttype") || left.has("fib")) {
        multicast |= !negated && right.toString().contains("multicast");
      } else if (left.path("meta").path("key").asText().equals("l4proto") && !negated) {
        protocol = right.asText(protocol);
      }
    }
    Set<BlockingRule.Blocked> blocked = EnumSet.noneOf(BlockingRule.Blocked.class);
    if (multicast) {
      blocked.add(BlockingRule.Blocked.MULTICAST);
    }
    if (dports != null) {
      boolean udp = protocol.equals("udp") || protocol.equals("th") || protocol.isEmpty();
      boolean tcp = protocol.equals("tcp") || protocol.equals("th") || protocol.isEmpty();
      if (udp && dports.test(Ports.MDNS)) {
        blocked.add(BlockingRule.Blocked.MDNS);
      }
      if (udp && dports.test(ports.udpPort())) {
        blocked.add(BlockingRule.Blocked.PING_PORT);
      }
      if (tcp && dports.test(ports.linkPort())) {
        blocked.add(BlockingRule.Blocked.LINK_PORT);
      }
    }
    return blocked;
  }

  /** The ports a match's right side names: a number, a range, or a set of them. */
  private static LongPredicate ports(JsonNode right) {
    if (right.isNumber()) {
      long port = right.asLong();
      return p -> p == port;
    }
    if (right.has("range")) {
      long low = right.get("range").get(0).asLong();
      long high = right.get("range").get(1).asLong();
      return p -> p >= low && p <= high;
    }
    LongPredicate any = p -> false;
    for (JsonNode element : right.path("set")) {
      any = any.or(ports(element));
    }
    return any; // a named set (@name) or anything else: no port this reader can vouch for
  }

  private static boolean isMulticast(JsonNode right) {
    String address = right.has("prefix") ? right.path("prefix").path("addr").asText() : right.asText();
    int dot = address.indexOf('.');
    if (dot < 0) {
      return address.toLowerCase(java.util.Locale.ROOT).startsWith("ff");
    }
    try {
      int first = Integer.parseInt(address.substring(0, dot));
      return first >= 224 && first <= 239;
    } catch (NumberFormatException e) {
      return false; // a named set of addresses
    }
  }
}
