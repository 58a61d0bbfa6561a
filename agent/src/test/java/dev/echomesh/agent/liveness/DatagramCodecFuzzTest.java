package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.fuzz.DecoderContract;
import dev.echomesh.agent.fuzz.DecoderFuzzTest;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import dev.echomesh.proto.Datagram;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the receive path of liveness datagrams: {@link DatagramCodec} then {@link ReplayGuard},
 * and {@link EnvelopeFactory}'s answer to an accepted ping.
 *
 * <p>Input: datagrams one after another, each {@code [flags][length: 2 bytes][bytes]} (the last
 * one cut short by the end). Flags bit 0 clear: the bytes are the datagram as received, so the
 * fuzzer works on the {@code Datagram} syntax and the MAC check. Bit 0 set: the bytes are a body,
 * which the target wraps and MACs with the mesh key, so the fuzzer reaches past the MAC into the
 * {@code Beacon} and the replay rules.
 *
 * <p>Checked: the codec never throws and drops a correctly MACed datagram never as BAD_MAC; an
 * accepted envelope encodes and decodes back to itself, and so does the pong answering it; the
 * guard accepts no (sender, incarnation, seq) twice, nothing from an older incarnation than one it
 * accepted, and nothing sent outside the clock skew.
 */
class DatagramCodecFuzzTest {

  private static final byte[] KEY = key(7);
  /** Small, so that short inputs reach the window's edges. */
  private static final int REPLAY_WINDOW = 16;
  private static final long MAX_CLOCK_SKEW_MILLIS = Duration.ofHours(24).toMillis();
  private static final int MAX_SENDERS = 1024;
  private static final int HEADER_BYTES = 3;
  private static final int AUTHENTICATE = 1;
  private static final String MAC_ADDRESS = "02:00:00:00:00:09";

  /** Checks what the decoder returned (and answers pings): not part of what is measured. */
  private final DatagramCodec codec = new DatagramCodec(KEY);
  private final EnvelopeFactory self =
      new EnvelopeFactory(node(9, 1), Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC));

  @DecoderFuzzTest
  void decode_fuzzedDatagrams_keepsContract(byte[] input) throws Exception {
    List<Received> received =
        DecoderContract.decodeWithoutException(input, DatagramCodecFuzzTest::receive);
    ReplayModel model = new ReplayModel();
    for (Received r : received) {
      assertTrue((r.decoded().envelope() == null) != (r.decoded().drop() == null),
          "either accepted or dropped");
      if (r.authenticated()) {
        assertNotEquals(DropReason.BAD_MAC, r.decoded().drop(), "a datagram MACed with the mesh key");
      }
      Envelope envelope = r.decoded().envelope();
      if (envelope != null) {
        assertEquals(envelope, codec.decode(codec.encode(envelope)).envelope(), "round trip");
        if (envelope.message() instanceof PingMessage ping) {
          Envelope pong =
              codec.decode(codec.encode(self.pong(envelope, ping, MAC_ADDRESS))).envelope();
          assertNotNull(pong, "our pong to an accepted ping is accepted");
          assertEquals(new PongMessage(envelope.sender(), envelope.seq(), ping.sendNanos(),
              self.self().linkPort(), self.self().name(), MAC_ADDRESS), pong.message());
        }
        model.check(envelope, r.freshness());
      }
    }
  }

  /** Decodes each datagram of {@code input} and judges the accepted ones, as the responder does. */
  private static List<Received> receive(byte[] input) {
    DatagramCodec codec = new DatagramCodec(KEY);
    ReplayGuard guard = new ReplayGuard(REPLAY_WINDOW, MAX_CLOCK_SKEW_MILLIS, MAX_SENDERS);
    List<Received> received = new ArrayList<>();
    for (int offset = 0; offset + HEADER_BYTES <= input.length; ) {
      boolean authenticate = (input[offset] & AUTHENTICATE) != 0;
      int length = Math.min((input[offset + 1] & 0xFF) << 8 | input[offset + 2] & 0xFF,
          input.length - offset - HEADER_BYTES);
      ByteBuffer bytes = ByteBuffer.wrap(input, offset + HEADER_BYTES, length);
      DatagramCodec.Decoded decoded = codec.decode(authenticate ? authenticated(bytes) : bytes);
      Freshness freshness = decoded.envelope() == null ? null : guard.check(decoded.envelope(), NOW_MILLIS);
      received.add(new Received(authenticate, decoded, freshness));
      offset += HEADER_BYTES + length;
    }
    return received;
  }

  /** {@code Datagram{body, mac}} with the MAC a mesh member would compute. */
  private static ByteBuffer authenticated(ByteBuffer body) {
    ByteString bodyBytes = ByteString.copyFrom(body);
    ByteString tag = ByteString.copyFrom(TestDatagrams.hmac(bodyBytes.toByteArray(), KEY));
    return ByteBuffer.wrap(Datagram.newBuilder().setBody(bodyBytes).setMac(tag).build().toByteArray());
  }

  /** One datagram's fate: decoded, then judged by the guard when accepted (else null). */
  private record Received(boolean authenticated, DatagramCodec.Decoded decoded, Freshness freshness) {}

  /** What ReplayGuard promises, kept as plain sets to check its sliding window against. */
  private static final class ReplayModel {
    private final Set<List<Object>> accepted = new HashSet<>();
    private final Map<NodeId, Long> newestIncarnation = new HashMap<>();

    void check(Envelope envelope, Freshness freshness) {
      assertNotNull(freshness, "the guard's verdict");
      if (!freshness.accepted()) {
        return;
      }
      long sent = envelope.sentUnixMillis();
      assertTrue(sent >= NOW_MILLIS - MAX_CLOCK_SKEW_MILLIS && sent <= NOW_MILLIS + MAX_CLOCK_SKEW_MILLIS,
          "accepted although sent outside the clock skew: " + envelope);
      assertTrue(accepted.add(List.of(envelope.sender(), envelope.incarnation(), envelope.seq())),
          "accepted twice: " + envelope);
      long newest = newestIncarnation.getOrDefault(envelope.sender(), envelope.incarnation());
      assertTrue(envelope.incarnation() >= newest, "accepted from an older incarnation: " + envelope);
      newestIncarnation.put(envelope.sender(), envelope.incarnation());
    }
  }
}
