package dev.echomesh.agent.discovery;

import static dev.echomesh.agent.discovery.TxtCodecTest.concat;
import static dev.echomesh.agent.discovery.TxtCodecTest.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.discovery.AnnouncementRejectedException.Reason;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnnouncementCodecTest {

  private static final LocalNode NODE = TestNodes.node(7, "kitchen-pi");
  private static final List<InetAddress> ADDRESSES = List.of(Nics.ip("fe80::1"), Nics.ip("198.18.0.9"), Nics.ip("198.18.0.7"));

  @Test
  void decode_encoded_fullAnnouncement() throws Exception {
    byte[] txt = AnnouncementCodec.encode(NODE, "02:ec:00:00:00:07");

    Announcement a = AnnouncementCodec.decode(txt, 7007, ADDRESSES, "eth0");

    assertEquals(new Announcement(NODE.nodeId(), "kitchen-pi", TestNodes.MESH,
        List.of(Nics.ip("198.18.0.7"), Nics.ip("198.18.0.9"), Nics.ip("fe80::1")),
        7007, 8007, "02:ec:00:00:00:07", "eth0"), a);
  }

  @Test
  void encode_keys_asDesigned() throws Exception {
    Map<String, String> entries = TxtCodec.decode(AnnouncementCodec.encode(NODE, "02:ec:00:00:00:07"));

    assertEquals(Map.of("id", NODE.nodeId().toString(), "mesh", TestNodes.MESH, "v", "1",
        "mac", "02:ec:00:00:00:07", "udp", "8007", "name", "kitchen-pi"), entries);
  }

  @Test
  void decode_noMacAndUnknownKeys_accepted() throws Exception {
    Map<String, String> entries = fields();
    entries.remove("mac");
    entries.put("future", "whatever");

    Announcement a = AnnouncementCodec.decode(TxtCodec.encode(entries), 7007, ADDRESSES, "eth0");

    assertEquals("", a.mac());
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("no TXT yet", new byte[] {0}, ADDRESSES, Reason.INCOMPLETE),
        Arguments.of("no address yet", txtWith("v", "1"), List.of(), Reason.INCOMPLETE),
        Arguments.of("other version", txtWith("v", "2"), ADDRESSES, Reason.INCOMPATIBLE_VERSION),
        Arguments.of("no version", txtWithout("v"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("bad id", txtWith("id", "not-a-node-id"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("no id", txtWithout("id"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("no mesh", txtWithout("mesh"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("mesh with space", txtWith("mesh", "a b"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("bad mac", txtWith("mac", "02:ec:00"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("udp port 0", txtWith("udp", "0"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("udp port too big", txtWith("udp", "65536"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("udp port not a number", txtWith("udp", "12x"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("no name", txtWithout("name"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("name with newline", txtWith("name", "a\nb"), ADDRESSES, Reason.MALFORMED),
        Arguments.of("broken TXT", concat(string("v=1"), new byte[] {9, 'x'}), ADDRESSES, Reason.MALFORMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void decode_badRecord_rejectedWithReason(String title, byte[] txt, List<InetAddress> addresses, Reason reason) {
    AnnouncementRejectedException e = assertThrows(AnnouncementRejectedException.class,
        () -> AnnouncementCodec.decode(txt, 7007, addresses, "eth0"));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  @Test
  void decode_badLinkPort_malformed() {
    byte[] txt = TxtCodec.encode(fields());
    assertEquals(Reason.MALFORMED, assertThrows(AnnouncementRejectedException.class,
        () -> AnnouncementCodec.decode(txt, 0, ADDRESSES, "eth0")).reason());
  }

  @Test
  void localNode_badValues_throw() {
    assertThrows(IllegalArgumentException.class, () -> new LocalNode(TestNodes.id(1), "", TestNodes.MESH, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new LocalNode(TestNodes.id(1), "x".repeat(64), TestNodes.MESH, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new LocalNode(TestNodes.id(1), "n", "", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new LocalNode(TestNodes.id(1), "n", TestNodes.MESH, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new LocalNode(TestNodes.id(1), "n", TestNodes.MESH, 1, 65536));
  }

  private static Map<String, String> fields() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("id", NODE.nodeId().toString());
    entries.put("mesh", TestNodes.MESH);
    entries.put("v", "1");
    entries.put("mac", "02:ec:00:00:00:07");
    entries.put("udp", "8007");
    entries.put("name", "kitchen-pi");
    return entries;
  }

  private static byte[] txtWith(String key, String value) {
    Map<String, String> entries = fields();
    entries.put(key, value);
    return TxtCodec.encode(entries);
  }

  private static byte[] txtWithout(String key) {
    Map<String, String> entries = fields();
    entries.remove(key);
    return TxtCodec.encode(entries);
  }
}
