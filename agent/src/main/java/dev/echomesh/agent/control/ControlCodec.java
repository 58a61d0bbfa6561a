package dev.echomesh.agent.control;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.proto.Status;
import dev.echomesh.proto.control.ErrorCode;
import dev.echomesh.proto.control.Task;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that converts between the control protocol's generated classes and the domain
 * records. Decoding is strict: a value the protocol does not allow is an {@link
 * IllegalArgumentException} with the reason.
 */
final class ControlCodec {

  private ControlCodec() {}

  static ByteString toWire(NodeId id) {
    return ByteString.copyFrom(id.toBytes());
  }

  static NodeId nodeIdFromWire(ByteString bytes) {
    return NodeId.fromBytes(bytes.toByteArray());
  }

  static Status toWire(TaskStatus status) {
    return switch (status) {
      case OK -> Status.STATUS_OK;
      case NOT_FOUND -> Status.STATUS_NOT_FOUND;
      case DENIED -> Status.STATUS_DENIED;
      case INVALID -> Status.STATUS_INVALID;
      case FAILED -> Status.STATUS_FAILED;
      case TIMEOUT -> Status.STATUS_TIMEOUT;
      case OVERLOADED -> Status.STATUS_OVERLOADED;
      case CANCELLED -> Status.STATUS_CANCELLED;
      case UNAVAILABLE -> Status.STATUS_UNAVAILABLE;
    };
  }

  static TaskStatus fromWire(Status status) {
    return switch (status) {
      case STATUS_OK -> TaskStatus.OK;
      case STATUS_NOT_FOUND -> TaskStatus.NOT_FOUND;
      case STATUS_DENIED -> TaskStatus.DENIED;
      case STATUS_INVALID -> TaskStatus.INVALID;
      case STATUS_FAILED -> TaskStatus.FAILED;
      case STATUS_TIMEOUT -> TaskStatus.TIMEOUT;
      case STATUS_OVERLOADED -> TaskStatus.OVERLOADED;
      case STATUS_CANCELLED -> TaskStatus.CANCELLED;
      case STATUS_UNAVAILABLE -> TaskStatus.UNAVAILABLE;
      default -> throw new IllegalArgumentException("unknown task status " + status);
    };
  }

  static dev.echomesh.proto.control.PeerState toWire(PeerState state) {
    return switch (state) {
      case ALIVE -> dev.echomesh.proto.control.PeerState.PEER_STATE_ALIVE;
      case SUSPECT -> dev.echomesh.proto.control.PeerState.PEER_STATE_SUSPECT;
      case DEAD -> dev.echomesh.proto.control.PeerState.PEER_STATE_DEAD;
      case LEFT -> dev.echomesh.proto.control.PeerState.PEER_STATE_LEFT;
    };
  }

  static PeerState fromWire(dev.echomesh.proto.control.PeerState state) {
    return switch (state) {
      case PEER_STATE_ALIVE -> PeerState.ALIVE;
      case PEER_STATE_SUSPECT -> PeerState.SUSPECT;
      case PEER_STATE_DEAD -> PeerState.DEAD;
      case PEER_STATE_LEFT -> PeerState.LEFT;
      default -> throw new IllegalArgumentException("unknown peer state " + state);
    };
  }

  static ErrorCode toWire(ControlError error) {
    return switch (error) {
      case MALFORMED_REQUEST -> ErrorCode.ERROR_CODE_MALFORMED_REQUEST;
      case REQUEST_TOO_LARGE -> ErrorCode.ERROR_CODE_REQUEST_TOO_LARGE;
      case PEER_NOT_FOUND -> ErrorCode.ERROR_CODE_PEER_NOT_FOUND;
      case PEER_AMBIGUOUS -> ErrorCode.ERROR_CODE_PEER_AMBIGUOUS;
      case BUSY -> ErrorCode.ERROR_CODE_BUSY;
      case BAD_PEER_RESPONSE -> ErrorCode.ERROR_CODE_BAD_PEER_RESPONSE;
      case SHUTTING_DOWN -> ErrorCode.ERROR_CODE_SHUTTING_DOWN;
      case INTERNAL, PROTOCOL -> ErrorCode.ERROR_CODE_INTERNAL;
    };
  }

  /** Unknown codes (from a newer agent) read as INTERNAL: the message still says what happened. */
  static ControlError fromWire(ErrorCode code) {
    return switch (code) {
      case ERROR_CODE_MALFORMED_REQUEST -> ControlError.MALFORMED_REQUEST;
      case ERROR_CODE_REQUEST_TOO_LARGE -> ControlError.REQUEST_TOO_LARGE;
      case ERROR_CODE_PEER_NOT_FOUND -> ControlError.PEER_NOT_FOUND;
      case ERROR_CODE_PEER_AMBIGUOUS -> ControlError.PEER_AMBIGUOUS;
      case ERROR_CODE_BUSY -> ControlError.BUSY;
      case ERROR_CODE_BAD_PEER_RESPONSE -> ControlError.BAD_PEER_RESPONSE;
      case ERROR_CODE_SHUTTING_DOWN -> ControlError.SHUTTING_DOWN;
      default -> ControlError.INTERNAL;
    };
  }

  static dev.echomesh.proto.control.Peer toWire(Peer peer) {
    dev.echomesh.proto.control.Peer.Builder wire =
        dev.echomesh.proto.control.Peer.newBuilder()
            .setNodeId(toWire(peer.id()))
            .setName(peer.name())
            .setState(toWire(peer.state()))
            .setIncarnation(peer.incarnation())
            .setInterfaceName(peer.interfaceName())
            .setMac(peer.mac())
            .setMacMismatch(peer.macMismatch())
            .setLinkPort(peer.linkPort())
            .setUdpPort(peer.udpPort())
            .setRttLastMicros(peer.rtt().lastMicros())
            .setRttMeanMicros(peer.rtt().meanMicros())
            .setRttP99Micros(peer.rtt().p99Micros())
            .setRttSamples(peer.rtt().samples())
            .setLossPercent(peer.lossPercent())
            .setLastSeenUnixMillis(peer.lastSeen().toEpochMilli());
    for (InetAddress address : peer.addresses()) {
      wire.addAddresses(ByteString.copyFrom(address.getAddress()));
    }
    return wire.build();
  }

  static Peer fromWire(dev.echomesh.proto.control.Peer wire) {
    List<InetAddress> addresses = new ArrayList<>(wire.getAddressesCount());
    for (ByteString raw : wire.getAddressesList()) {
      try {
        addresses.add(InetAddress.getByAddress(raw.toByteArray()));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("an address of " + raw.size() + " bytes", e);
      }
    }
    return new Peer(
        nodeIdFromWire(wire.getNodeId()),
        wire.getName(),
        fromWire(wire.getState()),
        wire.getIncarnation(),
        addresses,
        wire.getInterfaceName(),
        wire.getMac(),
        wire.getMacMismatch(),
        wire.getLinkPort(),
        wire.getUdpPort(),
        new RttStats(
            wire.getRttLastMicros(),
            wire.getRttMeanMicros(),
            wire.getRttP99Micros(),
            wire.getRttSamples()),
        wire.getLossPercent(),
        Instant.ofEpochMilli(wire.getLastSeenUnixMillis()));
  }

  static Task toWire(TaskInfo task) {
    return Task.newBuilder().setName(task.name()).setDescription(task.description()).build();
  }

  static TaskInfo fromWire(Task task) {
    return new TaskInfo(task.getName(), task.getDescription());
  }

  static TaskResult resultFromWire(Status status, String message, ByteString payload) {
    return new TaskResult(fromWire(status), message, payload.toByteArray());
  }

  static dev.echomesh.proto.control.LivenessCounters toWire(LivenessCounters counters) {
    return dev.echomesh.proto.control.LivenessCounters.newBuilder()
        .setAccepted(counters.accepted())
        .setMalformed(counters.malformed())
        .setBadMac(counters.badMac())
        .setStale(counters.stale())
        .setReplayed(counters.replayed())
        .setOwnEcho(counters.ownEcho())
        .setSendFailures(counters.sendFailures())
        .setListenerFailures(counters.listenerFailures())
        .build();
  }

  static LivenessCounters fromWire(dev.echomesh.proto.control.LivenessCounters wire) {
    return new LivenessCounters(
        wire.getAccepted(),
        wire.getMalformed(),
        wire.getBadMac(),
        wire.getStale(),
        wire.getReplayed(),
        wire.getOwnEcho(),
        wire.getSendFailures(),
        wire.getListenerFailures());
  }
}
