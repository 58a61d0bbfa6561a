package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestPeers;
import dev.echomesh.proto.Status;
import dev.echomesh.proto.control.ErrorCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ControlCodecTest {

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void taskStatus_roundTrip_same(TaskStatus status) {
    assertEquals(status, ControlCodec.fromWire(ControlCodec.toWire(status)));
  }

  @ParameterizedTest
  @EnumSource(PeerState.class)
  void peerState_roundTrip_same(PeerState state) {
    assertEquals(state, ControlCodec.fromWire(ControlCodec.toWire(state)));
  }

  @ParameterizedTest
  @EnumSource(value = ControlError.class, names = "PROTOCOL", mode = EnumSource.Mode.EXCLUDE)
  void controlError_roundTrip_same(ControlError error) {
    assertEquals(error, ControlCodec.fromWire(ControlCodec.toWire(error)));
  }

  @Test
  void fromWire_unspecifiedStatus_rejected() {
    assertThrows(
        IllegalArgumentException.class, () -> ControlCodec.fromWire(Status.STATUS_UNSPECIFIED));
  }

  @Test
  void fromWire_unknownErrorCode_readAsInternal() {
    assertEquals(ControlError.INTERNAL, ControlCodec.fromWire(ErrorCode.ERROR_CODE_UNSPECIFIED));
  }

  @Test
  void peer_roundTripWithIpv4AndIpv6_everyFieldKept() {
    Peer peer =
        TestPeers.peer("alice")
            .state(PeerState.SUSPECT)
            .incarnation(7)
            .address("198.18.0.2")
            .address("2001:db8::2")
            .interfaceName("eth0")
            .mac("02:00:00:00:00:02")
            .macMismatch(true)
            .linkPort(7946)
            .udpPort(7947)
            .rtt(new RttStats(1, 2, 3, 4))
            .lossPercent(12.5)
            .lastSeen(Instant.parse("2025-03-04T05:06:07.123Z"))
            .build();
    assertEquals(peer, ControlCodec.fromWire(ControlCodec.toWire(peer)));
  }

  @Test
  void peer_addressOfFiveBytes_rejected() {
    var wire =
        ControlCodec.toWire(TestPeers.peer("a").build()).toBuilder()
            .addAddresses(com.google.protobuf.ByteString.copyFrom(new byte[5]))
            .build();
    assertThrows(IllegalArgumentException.class, () -> ControlCodec.fromWire(wire));
  }
}
