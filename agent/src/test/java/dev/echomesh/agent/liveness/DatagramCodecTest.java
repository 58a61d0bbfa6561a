package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.echomesh.agent.liveness.Envelope.LeaveMessage;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import dev.echomesh.proto.Beacon;
import dev.echomesh.proto.Datagram;
import dev.echomesh.proto.Leave;
import dev.echomesh.proto.Ping;
import dev.echomesh.proto.Pong;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatagramCodecTest {

  private static final byte[] KEY = key(7);
  private final DatagramCodec codec = new DatagramCodec(KEY);

  static Stream<Envelope> envelopes() {
    return Stream.of(
        new Envelope(
            nodeId(1),
            1_700_000_000_000L,
            1,
            NOW_MILLIS,
            new PingMessage(123_456_789L, 7001, "kitchen-pi", "02:42:ac:11:00:02")),
        new Envelope(
            nodeId(2),
            5,
            Long.MAX_VALUE,
            NOW_MILLIS,
            new PongMessage(nodeId(1), 42, 987_654_321L, 65535, "ünïcødé-名前", "")),
        new Envelope(nodeId(3), 9, 77, 0, new LeaveMessage("shutdown")),
        new Envelope(nodeId(4), 1, 1, NOW_MILLIS, new PingMessage(-5, 0, "", "")));
  }

  @ParameterizedTest
  @MethodSource("envelopes")
  void decode_encodedEnvelope_returnsItUnchanged(Envelope envelope) {
    ByteBuffer datagram = codec.encode(envelope);

    DatagramCodec.Decoded decoded = codec.decode(datagram);

    assertNull(decoded.drop());
    assertEquals(envelope, decoded.envelope());
  }

  @Test
  void decode_byAnotherCodecWithSameKey_accepts() {
    Envelope envelope = envelopes().findFirst().orElseThrow();

    DatagramCodec.Decoded decoded = new DatagramCodec(key(7)).decode(codec.encode(envelope));

    assertEquals(envelope, decoded.envelope());
  }

  @Test
  void encode_macIsHmacSha256OfBody() throws Exception {
    byte[] datagram = TestDatagrams.bytes(codec.encode(envelopes().findFirst().orElseThrow()));

    Datagram wire = Datagram.parseFrom(datagram);

    assertArrayEquals(
        TestDatagrams.hmac(wire.getBody().toByteArray(), KEY), wire.getMac().toByteArray());
  }

  @Test
  void decode_signedWithAnotherKey_dropsAsBadMac() {
    ByteBuffer forged = new DatagramCodec(key(8)).encode(envelopes().findFirst().orElseThrow());

    assertEquals(DropReason.BAD_MAC, codec.decode(forged).drop());
  }

  @Test
  void decode_anySingleByteFlipped_neverAccepted() {
    byte[] datagram = TestDatagrams.bytes(codec.encode(envelopes().findFirst().orElseThrow()));
    for (int i = 0; i < datagram.length; i++) {
      byte[] tampered = datagram.clone();
      tampered[i] ^= 0x01;

      DatagramCodec.Decoded decoded = codec.decode(ByteBuffer.wrap(tampered));

      assertNull(decoded.envelope(), "flipping byte " + i + " was accepted");
    }
  }

  @Test
  void decode_everyTruncation_dropped() {
    byte[] datagram = TestDatagrams.bytes(codec.encode(envelopes().findFirst().orElseThrow()));
    for (int length = 0; length < datagram.length; length++) {
      DatagramCodec.Decoded decoded =
          codec.decode(ByteBuffer.wrap(Arrays.copyOf(datagram, length)));

      assertNull(decoded.envelope(), "a truncation to " + length + " bytes was accepted");
      assertTrue(decoded.drop() == DropReason.MALFORMED || decoded.drop() == DropReason.BAD_MAC);
    }
  }

  @Test
  void decode_randomBytes_droppedWithoutThrowing() {
    Random random = new Random(20250101);
    for (int i = 0; i < 2_000; i++) {
      byte[] noise = new byte[random.nextInt(DatagramCodec.MAX_DATAGRAM_BYTES + 1)];
      random.nextBytes(noise);

      DatagramCodec.Decoded decoded = codec.decode(ByteBuffer.wrap(noise));

      assertNull(decoded.envelope());
      assertTrue(decoded.drop() == DropReason.MALFORMED || decoded.drop() == DropReason.BAD_MAC);
    }
  }

  @Test
  void decode_oversizedEvenIfAuthentic_malformed() {
    UnknownFieldSet padding =
        UnknownFieldSet.newBuilder()
            .addField(
                100,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(
                        ByteString.copyFrom(new byte[DatagramCodec.MAX_DATAGRAM_BYTES]))
                    .build())
            .build();
    byte[] datagram = TestDatagrams.signed(validPing().setUnknownFields(padding).build(), KEY);

    assertTrue(datagram.length > DatagramCodec.MAX_DATAGRAM_BYTES);
    assertEquals(DropReason.MALFORMED, codec.decode(ByteBuffer.wrap(datagram)).drop());
  }

  @Test
  void decode_macOfWrongLength_badMac() {
    byte[] body = validPing().build().toByteArray();
    byte[] shortMac = Arrays.copyOf(TestDatagrams.hmac(body, KEY), 16);
    byte[] datagram =
        Datagram.newBuilder()
            .setBody(ByteString.copyFrom(body))
            .setMac(ByteString.copyFrom(shortMac))
            .build()
            .toByteArray();

    assertEquals(DropReason.BAD_MAC, codec.decode(ByteBuffer.wrap(datagram)).drop());
  }

  static Stream<Arguments> authenticButInvalid() {
    return Stream.of(
        Arguments.of(
            "node ID of 31 bytes", validPing().setNodeId(ByteString.copyFrom(new byte[31]))),
        Arguments.of("no node ID", validPing().clearNodeId()),
        Arguments.of("incarnation 0", validPing().setIncarnation(0)),
        Arguments.of("incarnation >= 2^63", validPing().setIncarnation(-1)),
        Arguments.of("seq 0", validPing().setSeq(0)),
        Arguments.of("no message", validPing().clearKind()),
        Arguments.of("link port 65536", validPing().setPing(Ping.newBuilder().setLinkPort(65536))),
        Arguments.of(
            "name of 256 bytes", validPing().setPing(Ping.newBuilder().setName("n".repeat(256)))),
        Arguments.of(
            "MAC of 65 chars", validPing().setPing(Ping.newBuilder().setMac("a".repeat(65)))),
        Arguments.of(
            "pong without pinger ID", validPing().setPong(Pong.newBuilder().setPingSeq(1))),
        Arguments.of(
            "leave reason of 256 bytes",
            validPing().setLeave(Leave.newBuilder().setReason("r".repeat(256)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authenticButInvalid")
  void decode_authenticButBreaksProtocol_malformed(String what, Beacon.Builder beacon) {
    byte[] datagram = TestDatagrams.signed(beacon.build(), KEY);

    assertEquals(DropReason.MALFORMED, codec.decode(ByteBuffer.wrap(datagram)).drop(), what);
  }

  @Test
  void decode_authenticBodyThatIsNotABeacon_malformed() {
    byte[] body = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    byte[] datagram =
        Datagram.newBuilder()
            .setBody(ByteString.copyFrom(body))
            .setMac(ByteString.copyFrom(TestDatagrams.hmac(body, KEY)))
            .build()
            .toByteArray();

    assertEquals(DropReason.MALFORMED, codec.decode(ByteBuffer.wrap(datagram)).drop());
  }

  @Test
  void decode_authenticDatagramWithoutBody_malformed() {
    // Found by DatagramCodecFuzzTest: the MAC of an absent body verified against an empty one,
    // then the body was read at offset -1 (IndexOutOfBoundsException).
    byte[] datagram =
        Datagram.newBuilder()
            .setMac(ByteString.copyFrom(TestDatagrams.hmac(new byte[0], KEY)))
            .build()
            .toByteArray();

    assertEquals(DropReason.MALFORMED, codec.decode(ByteBuffer.wrap(datagram)).drop());
  }

  @Test
  void encode_samePingTwice_differentSeqGivesDifferentBytes() {
    Envelope first = envelopes().findFirst().orElseThrow();
    Envelope second =
        new Envelope(
            first.sender(),
            first.incarnation(),
            first.seq() + 1,
            first.sentUnixMillis(),
            first.message());

    assertNotEquals(
        ByteBuffer.wrap(TestDatagrams.bytes(codec.encode(first))), codec.encode(second));
  }

  private static Beacon.Builder validPing() {
    return Beacon.newBuilder()
        .setNodeId(ByteString.copyFrom(nodeId(1).toBytes()))
        .setIncarnation(3)
        .setSeq(4)
        .setSentUnixMillis(NOW_MILLIS)
        .setPing(Ping.newBuilder().setName("n").setLinkPort(1));
  }
}
