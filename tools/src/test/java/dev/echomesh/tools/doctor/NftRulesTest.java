package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NftRulesTest {

  private static final Ports PORTS = new Ports(47200, 47201);

  /** A ruleset with one rule, as {@code nft -j list ruleset} (nft 1.0.6) prints it. */
  private static String ruleset(String match, String verdict) {
    return "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}},"
        + " {\"table\": {\"family\": \"inet\", \"name\": \"filter\", \"handle\": 1}},"
        + " {\"chain\": {\"family\": \"inet\", \"table\": \"filter\", \"name\": \"input\", \"handle\": 1,"
        + " \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
        + " {\"rule\": {\"family\": \"inet\", \"table\": \"filter\", \"chain\": \"input\", \"handle\": 7,"
        + " \"expr\": [{\"match\": " + match + "}, {\"counter\": {\"packets\": 0, \"bytes\": 0}}, "
        + verdict + "]}}]}";
  }

  private static String dport(String protocol, String op, String right) {
    return "{\"op\": \"" + op + "\", \"left\": {\"payload\": {\"protocol\": \"" + protocol
        + "\", \"field\": \"dport\"}}, \"right\": " + right + "}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      udp dport 5353 drop              | udp | ==  | 5353                           | {"drop": null}   | MDNS
      udp dport 47200 reject           | udp | ==  | 47200                          | {"reject": {"type": "icmpx", "expr": "port-unreachable"}} | PING_PORT
      tcp dport {22, 47201} drop       | tcp | ==  | {"set": [22, 47201]}           | {"drop": null}   | LINK_PORT
      tcp dport 7000-48000 drop        | tcp | ==  | {"range": [7000, 48000]}       | {"drop": null}   | LINK_PORT
      th dport 47200-47201 drop        | th  | ==  | {"range": [47200, 47201]}      | {"drop": null}   | PING_PORT LINK_PORT
      udp dport != 47200 drop          | udp | !=  | 47200                          | {"drop": null}   | MDNS
      udp dport 5353 accept            | udp | ==  | 5353                           | {"accept": null} |
      tcp dport 5353 drop              | tcp | ==  | 5353                           | {"drop": null}   |
      udp dport 47201 drop (tcp port)  | udp | ==  | 47201                          | {"drop": null}   |
      udp dport @blocked drop          | udp | ==  | "@blocked"                     | {"drop": null}   |
      """)
  void parse_portRules_nameWhatTheyBlock(String rule, String protocol, String op, String right,
      String verdict, String expected) throws IOException {
    assertEquals(set(expected), blocked(ruleset(dport(protocol, op, right), verdict)), rule);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ip daddr 224.0.0.0/4 drop      | {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "224.0.0.0", "len": 4}}} | MULTICAST
      ip daddr 224.0.0.251 drop      | {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "224.0.0.251"} | MULTICAST
      ip6 daddr ff02::fb drop        | {"op": "==", "left": {"payload": {"protocol": "ip6", "field": "daddr"}}, "right": "ff02::fb"} | MULTICAST
      meta pkttype multicast drop    | {"op": "==", "left": {"meta": {"key": "pkttype"}}, "right": "multicast"} | MULTICAST
      fib daddr type multicast drop  | {"op": "==", "left": {"fib": {"result": "type", "flags": ["daddr"]}}, "right": "multicast"} | MULTICAST
      ip daddr 198.18.0.9 drop       | {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "198.18.0.9"} |
      ip daddr != 224.0.0.0/4 drop   | {"op": "!=", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "224.0.0.0", "len": 4}}} |
      meta pkttype broadcast drop    | {"op": "==", "left": {"meta": {"key": "pkttype"}}, "right": "broadcast"} |
      """)
  void parse_addressRules_nameMulticast(String rule, String match, String expected)
      throws IOException {
    assertEquals(set(expected), blocked(ruleset(match, "{\"drop\": null}")), rule);
  }

  @org.junit.jupiter.api.Test
  void removal_namesTheRuleByHandle() throws IOException {
    List<BlockingRule> rules =
        NftRules.parse(ruleset(dport("udp", "==", "5353"), "{\"drop\": null}"), PORTS);
    assertEquals("remove it: nft delete rule inet filter input handle 7",
        NftRules.removal(rules.get(0)));
  }

  @org.junit.jupiter.api.Test
  void parse_emptyRuleset_findsNothing() throws IOException {
    assertEquals(List.of(), NftRules.parse("{\"nftables\": [{\"metainfo\": {}}]}", PORTS));
  }

  private static Set<BlockingRule.Blocked> blocked(String json) throws IOException {
    return NftRules.parse(json, PORTS).stream().map(BlockingRule::blocked)
        .collect(Collectors.toSet());
  }

  static Set<BlockingRule.Blocked> set(String names) {
    if (names == null || names.isBlank()) {
      return Set.of();
    }
    return java.util.Arrays.stream(names.trim().split(" ")).map(BlockingRule.Blocked::valueOf)
        .collect(Collectors.toSet());
  }
}
