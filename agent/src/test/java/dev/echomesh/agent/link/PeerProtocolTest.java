package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.link.PeerProtocol.Agreed;
import dev.echomesh.agent.link.PeerProtocol.Incompatible;
import dev.echomesh.agent.link.PeerProtocol.Malformed;
import dev.echomesh.agent.link.PeerProtocol.Upgrade;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PeerProtocolTest {

  private static final int MIB = 1024 * 1024;

  private static LinkMessage.Hello hello(int newest, int oldest, int maxFrameBytes) {
    return new LinkMessage.Hello(newest, FrameConverterTest.node(1), "peer", 0, "2.0", 0, 0, maxFrameBytes, oldest);
  }

  /** This build speaking versions 2 to 4, against peers of every kind. */
  @ParameterizedTest(name = "peer speaks {1} to {0}: {2}")
  @CsvSource({
      // peer newest, peer oldest (0 = not stated), agreed version or the side to upgrade
      "1, 0, PEER",
      "1, 1, PEER",
      "2, 0, 2",
      "3, 1, 3",
      "4, 4, 4",
      "9, 0, THIS_AGENT",
      "9, 4, 4",
      "9, 5, THIS_AGENT",
      "6, 2, 4",
  })
  void judge_versionRanges_agreeOnTheNewestCommonOrNameTheOlderSide(int newest, int oldest, String expected) {
    PeerProtocol.Verdict verdict = PeerProtocol.judge(hello(newest, oldest, 0), 2, 4, 16 * MIB);
    if (expected.chars().allMatch(Character::isDigit)) {
      assertEquals(Integer.parseInt(expected), assertInstanceOf(Agreed.class, verdict).version());
    } else {
      assertEquals(Upgrade.valueOf(expected), assertInstanceOf(Incompatible.class, verdict).upgrade());
    }
  }

  @ParameterizedTest(name = "own {0}, peer states {1}: send at most {2}")
  @CsvSource({
      // own limit, peer's stated limit (0 = not stated), the largest frame to send
      "16777216, 0, 16777216",
      "1048576, 0, 1048576",
      "33554432, 0, 16777216",
      "16777216, 65536, 65536",
      "65536, 16777216, 65536",
      "1073741824, 1073741824, 1073741824",
      "1073741824, -1, 1073741824",
  })
  void judge_frameLimits_sendTheSmallerOfBoth(int own, int stated, int expected) {
    Agreed agreed = assertInstanceOf(Agreed.class, PeerProtocol.judge(hello(1, 0, stated), own));
    assertEquals(expected, agreed.sendFrameLimitBytes());
  }

  @Test
  void judge_helloOfABuildBeforeTheNewFields_isVersion1With16MiB() {
    Agreed agreed = assertInstanceOf(Agreed.class,
        PeerProtocol.judge(new LinkMessage.Hello(1, FrameConverterTest.node(1), "old", 0, "0.1.0", 0, 0), 32 * MIB));
    assertEquals(new Agreed(1, 16 * MIB), agreed);
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0", "2, 3, 0", "1, 0, 1024", "1, 0, 65535"})
  void judge_malformedHello_isMalformed(int newest, int oldest, int maxFrameBytes) {
    assertInstanceOf(Malformed.class, PeerProtocol.judge(hello(newest, oldest, maxFrameBytes), 16 * MIB));
  }

  @Test
  void incompatible_peerNewer_bothReasonsNameThisSide() {
    Incompatible verdict = assertInstanceOf(Incompatible.class, PeerProtocol.judge(hello(7, 5, 0), 16 * MIB));
    assertEquals("it speaks link protocol version 5 to 7 (agent 2.0) and this agent 1 (agent 0.1.0): upgrade this agent",
        verdict.reason("2.0", "0.1.0"));
    assertEquals("protocol version mismatch: you speak link protocol version 5 to 7 (agent 2.0) and this node 1"
        + " (agent 0.1.0): upgrade this node", verdict.goAwayReason("2.0", "0.1.0"));
  }

  @Test
  void incompatible_peerOlder_bothReasonsNameThePeer() {
    Incompatible verdict = assertInstanceOf(Incompatible.class, PeerProtocol.judge(hello(1, 0, 0), 3, 3, 16 * MIB));
    assertTrue(verdict.reason("", "3.0").endsWith("(agent version not stated) and this agent 3 (agent 3.0): upgrade the peer"),
        verdict.reason("", "3.0"));
    assertTrue(verdict.goAwayReason("", "3.0").endsWith(": upgrade your agent"), verdict.goAwayReason("", "3.0"));
  }
}
