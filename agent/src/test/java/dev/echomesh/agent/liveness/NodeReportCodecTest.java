package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.proto.Beacon;
import dev.echomesh.proto.Ping;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The load and tags a ping carries: appended Ping fields, and datagrams of agents without them. */
class NodeReportCodecTest {

  private static final byte[] KEY = key(7);
  private final DatagramCodec codec = new DatagramCodec(KEY);

  private static Beacon.Builder beacon() {
    return Beacon.newBuilder().setNodeId(ByteString.copyFrom(nodeId(1).toBytes())).setIncarnation(3).setSeq(1)
        .setSentUnixMillis(NOW_MILLIS);
  }

  private PingMessage decodePing(Ping ping) {
    DatagramCodec.Decoded decoded = codec.decode(ByteBuffer.wrap(TestDatagrams.signed(beacon().setPing(ping).build(),
        KEY)));
    return (PingMessage) decoded.envelope().message();
  }

  @Test
  void decode_pingOfAnOlderAgentWithoutTheFields_reportsNothing() {
    PingMessage ping = decodePing(Ping.newBuilder().setSendNanos(5).setLinkPort(7000).setName("old").build());
    assertEquals(NodeReport.NONE, ping.report());
    assertEquals("old", ping.name());
  }

  @Test
  void decode_encodedReport_returnsItUnchanged() {
    NodeReport report = new NodeReport(0, 1750, Map.of("role", "camera", "room", "hall"));
    Envelope envelope = new Envelope(nodeId(1), 3, 1, NOW_MILLIS, new PingMessage(5, 7000, "cam", "", report));
    assertEquals(envelope, codec.decode(codec.encode(envelope)).envelope());
  }

  @Test
  void decode_zeroCallsInFlight_isKnownZeroNotUnknown() {
    PingMessage ping = decodePing(Ping.newBuilder().setName("idle").setCallsInFlight(0).build());
    assertEquals(0, ping.report().callsInFlight());
    assertEquals(NodeReport.UNKNOWN, ping.report().cpuLoadPermille());
  }

  @Test
  void decode_malformedAndSurplusTags_areIgnoredNotTheDatagram() {
    Ping.Builder ping = Ping.newBuilder().setName("n").addAllTags(List.of("no-equals", "Upper=x", "ok=1", "sp=a b"));
    for (int i = 0; i < 20; i++) {
      ping.addTags("k" + i + "=v");
    }
    NodeReport report = decodePing(ping.build()).report();
    assertEquals("1", report.tags().get("ok"));
    assertEquals(NodeReport.MAX_TAGS, report.tags().size());
  }

  @Test
  void encode_largestReportWithLongestName_fitsOneDatagram() {
    StringBuilder name = new StringBuilder();
    while (name.length() < DatagramCodec.MAX_NAME_BYTES) {
      name.append('n');
    }
    Map<String, String> tags = new java.util.HashMap<>();
    for (int i = 0; i < NodeReport.MAX_TAGS; i++) {
      tags.put("key-" + i, "v".repeat(NodeReport.MAX_TAG_BYTES - 7));
    }
    NodeReport report = new NodeReport(Integer.MAX_VALUE, Integer.MAX_VALUE, tags);
    Envelope envelope = new Envelope(nodeId(1), Long.MAX_VALUE, Long.MAX_VALUE, NOW_MILLIS,
        new PingMessage(Long.MAX_VALUE, 65535, name.toString(), "aa:bb:cc:dd:ee:ff", report));
    ByteBuffer datagram = codec.encode(envelope);
    assertTrue(datagram.remaining() <= DatagramCodec.MAX_DATAGRAM_BYTES, datagram.remaining() + " bytes");
    assertEquals(envelope, codec.decode(datagram).envelope());
  }

  @ParameterizedTest
  @ValueSource(strings = {"role=camera", "a=b", "x.y_z-1=Kitchen/North:2"})
  void problem_validTag_none(String tag) {
    assertTrue(NodeReport.problem(tag).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"=x", "role", "Role=x", "role=a b", "role=\u0001",
      "role=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void problem_invalidTag_named(String tag) {
    assertTrue(NodeReport.problem(tag).isPresent());
  }
}
