package dev.echomesh.agent.liveness;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.Envelope.LeaveMessage;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import dev.echomesh.proto.Beacon;
import dev.echomesh.proto.Datagram;
import dev.echomesh.proto.Leave;
import dev.echomesh.proto.Ping;
import dev.echomesh.proto.Pong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns {@link Envelope}s into authenticated datagrams and back: the only place that touches the
 * wire types {@code Datagram} and {@code Beacon}.
 *
 * <p>A datagram is {@code Datagram{body, mac}} where {@code body} is a serialized {@code Beacon}
 * and {@code mac} is HMAC-SHA256 of {@code body} under the mesh ping key. Decoding checks, in this
 * order: size, {@code Datagram} syntax ({@link DropReason#MALFORMED}), the MAC, compared in
 * constant time ({@link DropReason#BAD_MAC}), then the body's syntax and the protocol's limits
 * ({@link DropReason#MALFORMED}). Nothing of the body is looked at before the MAC verifies.
 * Freshness (stale, replayed) is not the codec's business: see {@link ReplayGuard}.
 *
 * <p>Not thread-safe: it holds one {@link Mac}, reused for every datagram, a scratch array and a
 * node ID cache. Each thread that sends or receives owns its own codec, so the hot path has no
 * lock, no per-datagram key setup and copies each datagram once.
 */
final class DatagramCodec {

  /** Largest datagram accepted or sent: fits in one IPv6 minimum-MTU packet (1280 bytes). */
  static final int MAX_DATAGRAM_BYTES = 1200;

  /** Length of an HMAC-SHA256 tag. */
  static final int MAC_BYTES = 32;

  /** Longest node name, in UTF-8 bytes. */
  static final int MAX_NAME_BYTES = 255;

  /** Longest MAC address text; "aa:bb:cc:dd:ee:ff" is 17, InfiniBand's 20-byte addresses 59. */
  static final int MAX_MAC_CHARS = 64;

  /** Longest Leave reason, in UTF-8 bytes. */
  static final int MAX_REASON_BYTES = 255;

  /** Largest valid port number. */
  static final int MAX_PORT = 65535;

  private static final String HMAC_ALGORITHM = "HmacSHA256";

  /** A protobuf tag: field number, then the 3-bit wire type. */
  private static final int BODY_TAG =
      Datagram.BODY_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private static final int MAC_TAG =
      Datagram.MAC_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private final Mac mac;

  /** The datagram being decoded, copied once out of the receive buffer. */
  private final byte[] scratch = new byte[MAX_DATAGRAM_BYTES];

  private final NodeIdCache nodeIds = new NodeIdCache();

  /**
   * @param pingKey the mesh ping key (at least 32 bytes); the codec keeps no copy beyond the
   *     initialized {@link Mac}
   */
  DatagramCodec(byte[] pingKey) {
    try {
      this.mac = Mac.getInstance(HMAC_ALGORITHM);
      this.mac.init(new SecretKeySpec(pingKey, HMAC_ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  /** Serializes and authenticates {@code envelope}; the result is ready to send. */
  ByteBuffer encode(Envelope envelope) {
    Beacon body = toWire(envelope);
    int bodyBytes = body.getSerializedSize();
    int bodyOffset = 1 + CodedOutputStream.computeUInt32SizeNoTag(bodyBytes);
    int macOffset = bodyOffset + bodyBytes + 2;
    byte[] datagram = new byte[macOffset + MAC_BYTES];
    try {
      // Datagram{body = 1, mac = 2} written by hand, so body and MAC go straight into one array.
      CodedOutputStream out = CodedOutputStream.newInstance(datagram);
      out.writeTag(Datagram.BODY_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(bodyBytes);
      body.writeTo(out);
      out.writeTag(Datagram.MAC_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(MAC_BYTES);
      if (out.spaceLeft() != MAC_BYTES) {
        throw new IllegalStateException(
            "liveness datagram size miscounted: " + out.spaceLeft() + " bytes left");
      }
      mac.update(datagram, bodyOffset, bodyBytes);
      mac.doFinal(datagram, macOffset);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "encoding a liveness datagram into an array of its own size failed", e);
    }
    return ByteBuffer.wrap(datagram);
  }

  /**
   * Authenticates and parses the bytes between {@code datagram}'s position and limit. Never throws
   * for bad input: the result names the reason instead. Values of incarnation and seq of 0 or at
   * least 2^63 (negative as Java longs) are malformed.
   */
  Decoded decode(ByteBuffer datagram) {
    int length = datagram.remaining();
    if (length > MAX_DATAGRAM_BYTES) {
      return Decoded.dropped(DropReason.MALFORMED);
    }
    datagram.get(scratch, 0, length);
    int bodyOffset = 0; // an absent body is an empty one, as protobuf says
    int bodyBytes = 0;
    int macOffset = -1;
    int macBytes = 0;
    try {
      // Datagram{body = 1, mac = 2} read by hand: the MAC is checked on the received bytes in
      // place. As protobuf says, unknown fields are skipped and a repeated field's last wins.
      CodedInputStream in = CodedInputStream.newInstance(scratch, 0, length);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == BODY_TAG || tag == MAC_TAG) {
          int size = in.readRawVarint32();
          int offset = in.getTotalBytesRead();
          in.skipRawBytes(size);
          if (tag == BODY_TAG) {
            bodyOffset = offset;
            bodyBytes = size;
          } else {
            macOffset = offset;
            macBytes = size;
          }
        } else if (!in.skipField(tag)) {
          return Decoded.dropped(DropReason.MALFORMED);
        }
      }
    } catch (IOException e) {
      return Decoded.dropped(DropReason.MALFORMED);
    }
    if (macBytes != MAC_BYTES || !verify(bodyOffset, bodyBytes, macOffset)) {
      return Decoded.dropped(DropReason.BAD_MAC);
    }
    Beacon beacon;
    try {
      beacon = Beacon.parseFrom(ByteBuffer.wrap(scratch, bodyOffset, bodyBytes));
    } catch (InvalidProtocolBufferException e) {
      return Decoded.dropped(DropReason.MALFORMED);
    }
    Envelope envelope = fromWire(beacon);
    return envelope == null ? Decoded.dropped(DropReason.MALFORMED) : Decoded.accepted(envelope);
  }

  /** Whether the MAC at {@code macOffset} is that of the body, compared in constant time. */
  private boolean verify(int bodyOffset, int bodyBytes, int macOffset) {
    mac.update(scratch, bodyOffset, bodyBytes);
    byte[] expected = mac.doFinal();
    int difference = 0;
    for (int i = 0; i < MAC_BYTES; i++) {
      difference |= expected[i] ^ scratch[macOffset + i];
    }
    return difference == 0;
  }

  private Beacon toWire(Envelope envelope) {
    Beacon.Builder beacon =
        Beacon.newBuilder()
            .setNodeId(nodeIds.toWire(envelope.sender()))
            .setIncarnation(envelope.incarnation())
            .setSeq(envelope.seq())
            .setSentUnixMillis(envelope.sentUnixMillis());
    Envelope.Message message = envelope.message();
    if (message instanceof PingMessage ping) {
      beacon.setPing(withReport(
          Ping.newBuilder()
              .setSendNanos(ping.sendNanos())
              .setLinkPort(ping.linkPort())
              .setName(ping.name())
              .setMac(ping.mac()), ping.report()));
    } else if (message instanceof PongMessage pong) {
      beacon.setPong(
          Pong.newBuilder()
              .setPingNodeId(nodeIds.toWire(pong.pingNodeId()))
              .setPingSeq(pong.pingSeq())
              .setPingSendNanos(pong.pingSendNanos())
              .setLinkPort(pong.linkPort())
              .setName(pong.name())
              .setMac(pong.mac()));
    } else if (message instanceof LeaveMessage leave) {
      beacon.setLeave(Leave.newBuilder().setReason(leave.reason()));
    }
    return beacon.build();
  }

  private static Ping.Builder withReport(Ping.Builder ping, NodeReport report) {
    if (report.callsInFlight() >= 0) {
      ping.setCallsInFlight((int) Math.min(report.callsInFlight(), 0xFFFF_FFFFL));
    }
    if (report.cpuLoadPermille() >= 0) {
      ping.setCpuLoadPermille((int) Math.min(report.cpuLoadPermille(), 0xFFFF_FFFFL));
    }
    return ping.addAllTags(report.tagList());
  }

  /** The report in {@code ping}: absent fields (older senders) are unknown, malformed tags ignored. */
  private static NodeReport report(Ping ping) {
    if (!ping.hasCallsInFlight() && !ping.hasCpuLoadPermille() && ping.getTagsCount() == 0) {
      return NodeReport.NONE;
    }
    return new NodeReport(
        ping.hasCallsInFlight() ? Integer.toUnsignedLong(ping.getCallsInFlight()) : NodeReport.UNKNOWN,
        ping.hasCpuLoadPermille() ? Integer.toUnsignedLong(ping.getCpuLoadPermille()) : NodeReport.UNKNOWN,
        NodeReport.parseValid(ping.getTagsList()));
  }

  /** The envelope {@code beacon} carries, or null when it breaks the protocol's rules. */
  private Envelope fromWire(Beacon beacon) {
    if (beacon.getNodeId().size() != NodeId.LENGTH_BYTES
        || beacon.getIncarnation() <= 0
        || beacon.getSeq() <= 0) {
      return null;
    }
    Envelope.Message message;
    switch (beacon.getKindCase()) {
      case PING -> {
        Ping ping = beacon.getPing();
        if (!validAnnouncement(ping.getLinkPort(), ping.getNameBytes(), ping.getMac())) {
          return null;
        }
        message =
            new PingMessage(ping.getSendNanos(), ping.getLinkPort(), ping.getName(), ping.getMac(),
                report(ping));
      }
      case PONG -> {
        Pong pong = beacon.getPong();
        if (pong.getPingNodeId().size() != NodeId.LENGTH_BYTES
            || !validAnnouncement(pong.getLinkPort(), pong.getNameBytes(), pong.getMac())) {
          return null;
        }
        message =
            new PongMessage(
                nodeIds.fromWire(pong.getPingNodeId()),
                pong.getPingSeq(),
                pong.getPingSendNanos(),
                pong.getLinkPort(),
                pong.getName(),
                pong.getMac());
      }
      case LEAVE -> {
        Leave leave = beacon.getLeave();
        if (leave.getReasonBytes().size() > MAX_REASON_BYTES) {
          return null;
        }
        message = new LeaveMessage(leave.getReason());
      }
      default -> {
        return null;
      }
    }
    return new Envelope(
        nodeIds.fromWire(beacon.getNodeId()),
        beacon.getIncarnation(),
        beacon.getSeq(),
        beacon.getSentUnixMillis(),
        message);
  }

  private static boolean validAnnouncement(int linkPort, ByteString name, String macAddress) {
    return linkPort >= 0
        && linkPort <= MAX_PORT
        && name.size() <= MAX_NAME_BYTES
        && macAddress.length() <= MAX_MAC_CHARS;
  }

  /**
   * What {@link #decode} found: an envelope, or the reason the datagram was dropped.
   *
   * @param envelope the authenticated content; null when dropped
   * @param drop why it was dropped; null when accepted
   */
  record Decoded(Envelope envelope, DropReason drop) {
    static Decoded accepted(Envelope envelope) {
      return new Decoded(envelope, null);
    }

    static Decoded dropped(DropReason reason) {
      return new Decoded(null, reason);
    }
  }
}
