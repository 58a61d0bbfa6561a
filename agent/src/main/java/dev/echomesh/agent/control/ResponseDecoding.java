package dev.echomesh.agent.control;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.proto.control.CallResponse;
import dev.echomesh.proto.control.PingResponse;
import dev.echomesh.proto.control.StatusResponse;
import dev.echomesh.proto.control.TasksResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Turns the agent's responses into records; a value the protocol does not allow is PROTOCOL. */
final class ResponseDecoding {

  private ResponseDecoding() {}

  static AgentStatus status(StatusResponse status) throws ControlException {
    return decode(
        () ->
            new AgentStatus(
                ControlCodec.nodeIdFromWire(status.getNodeId()),
                status.getName(),
                status.getLinkAddress(),
                status.getVersion(),
                Duration.ofMillis(status.getUptimeMillis()),
                status.getPid(),
                status.getPeerCount(),
                status.getUdpPort(),
                ControlCodec.fromWire(status.getLiveness())));
  }

  static PingOutcome ping(PingResponse ping) throws ControlException {
    return decode(
        () ->
            new PingOutcome(
                ControlCodec.nodeIdFromWire(ping.getNodeId()),
                ping.getName(),
                ping.getAddress(),
                ping.getAnswered()
                    ? Optional.of(Duration.ofNanos(ping.getRttNanos()))
                    : Optional.empty(),
                ping.getMessage()));
  }

  static TaskListing taskListing(TasksResponse listing) throws ControlException {
    return decode(
        () -> {
          List<TaskInfo> tasks =
              listing.getTasksList().stream().map(ControlCodec::fromWire).toList();
          return new TaskListing(
              ControlCodec.nodeIdFromWire(listing.getNodeId()),
              listing.getName(),
              ControlCodec.fromWire(listing.getStatus()),
              listing.getMessage(),
              tasks);
        });
  }

  static CallOutcome outcome(CallResponse call) throws ControlException {
    return decode(
        () ->
            new CallOutcome(
                ControlCodec.nodeIdFromWire(call.getNodeId()),
                call.getName(),
                ControlCodec.resultFromWire(
                    call.getStatus(), call.getMessage(), call.getPayload())));
  }

  static List<Peer> peers(List<dev.echomesh.proto.control.Peer> wire) throws ControlException {
    return decode(() -> wire.stream().map(ControlCodec::fromWire).toList());
  }

  private static <T> T decode(Supplier<T> decoding) throws ControlException {
    try {
      return decoding.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ClientChannel.protocol("the agent sent an invalid answer: " + e.getMessage());
    }
  }
}
