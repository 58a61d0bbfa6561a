package dev.echomesh.tools.doctor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Reads {@code iptables-save} output for {@code -A} rules that jump to DROP or REJECT and match
 * UDP 5353, the ping port, the link port ({@code --dport}, {@code --dports}) or multicast
 * ({@code -d 224.x}, {@code --pkt-type multicast}, {@code --dst-type MULTICAST}). Negated matches
 * and chain policies are not judged.
 */
final class IptablesRules {

  private IptablesRules() {}

  static List<BlockingRule> parse(String save, Ports ports) {
    List<BlockingRule> found = new ArrayList<>();
    String table = "filter";
    for (String line : save.split("\n")) {
      line = line.trim();
      if (line.startsWith("*")) {
        table = line.substring(1);
      }
      if (!line.startsWith("-A ") || !(line.contains("-j DROP") || line.contains("-j REJECT"))
          || line.contains(" ! ")) {
        continue;
      }
      String[] words = line.split("\\s+");
      for (BlockingRule.Blocked blocked : blocked(words, ports)) {
        found.add(new BlockingRule(blocked, "iptables " + table + " " + words[1], line));
      }
    }
    return found;
  }

  /** The command that deletes {@code rule}. */
  static String removal(BlockingRule rule) {
    String table = rule.where().split(" ")[1];
    return "remove it: iptables -t " + table + " -D" + rule.rule().substring(2);
  }

  private static Set<BlockingRule.Blocked> blocked(String[] words, Ports ports) {
    String protocol = "";
    IntPredicate dports = null;
    boolean multicast = false;
    for (int i = 0; i + 1 < words.length; i++) {
      String value = words[i + 1];
      switch (words[i]) {
        case "-p", "--protocol" -> protocol = value;
        case "--dport", "--destination-port" -> dports = range(value);
        case "--dports", "--destination-ports" -> {
          dports = p -> false;
          for (String part : value.split(",")) {
            dports = dports.or(range(part));
          }
        }
        case "-d", "--destination" -> {
          int dot = value.indexOf('.');
          int first = dot > 0 ? number(value.substring(0, dot)) : 0;
          multicast |= first >= 224 && first <= 239;
        }
        case "--pkt-type", "--dst-type" -> multicast |= value.equalsIgnoreCase("multicast");
        default -> { }
      }
    }
    Set<BlockingRule.Blocked> blocked = EnumSet.noneOf(BlockingRule.Blocked.class);
    if (multicast) {
      blocked.add(BlockingRule.Blocked.MULTICAST);
    }
    if (dports != null) {
      boolean udp = protocol.equals("udp") || protocol.isEmpty();
      boolean tcp = protocol.equals("tcp") || protocol.isEmpty();
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

  /** "7946" or "7000:8000" as the ports it covers; a port given by name covers none. */
  private static IntPredicate range(String text) {
    String[] bounds = text.split(":");
    int low = number(bounds[0]);
    int high = bounds.length > 1 ? number(bounds[1]) : low;
    return p -> p >= low && p <= high;
  }

  /** A decimal number; -1 for anything else (a service name), which matches no port. */
  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
