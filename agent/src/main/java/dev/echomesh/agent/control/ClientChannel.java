package dev.echomesh.agent.control;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.echomesh.proto.control.Request;
import dev.echomesh.proto.control.Response;
import java.io.IOException;
import java.time.Duration;

/**
 * The client's side of one control connection: sends requests and reads responses, each within a
 * time limit; every failure is a {@link ControlException}.
 */
final class ClientChannel implements AutoCloseable {

  /**
   * Largest response accepted, in bytes: a broadcast answer holds one payload per peer, so this is
   * well above the request limit.
   */
  static final int MAX_RESPONSE_BYTES = 1 << 30;

  /** How long to look for a refusal after a failed send. */
  private static final Duration REFUSAL_READ_TIMEOUT = Duration.ofSeconds(1);

  private final MessageChannel channel;
  private final Duration sendTimeout;
  private final Watchdog watchdog = new Watchdog("echomesh-control-client-watchdog");

  ClientChannel(MessageChannel channel, Duration sendTimeout) {
    this.channel = channel;
    this.sendTimeout = sendTimeout;
  }

  /**
   * Sends {@code request} and reads its response.
   *
   * @param timeout how long the agent has to answer
   * @throws ControlException the agent's error response, or PROTOCOL
   */
  Response exchange(Request request, Duration timeout) throws ControlException {
    try {
      send(request);
    } catch (ControlException sendFailed) {
      // An agent that refuses the connection (BUSY) answers before reading and hangs up;
      // its answer says more than the broken pipe does.
      Response refusal = receiveQuietly();
      if (refusal != null && refusal.hasError()) {
        throw error(refusal);
      }
      throw sendFailed;
    }
    Response response = receive(timeout);
    if (response == null) {
      throw protocol("the agent closed the connection without answering");
    }
    return response;
  }

  void send(Request request) throws ControlException {
    try (Watchdog.Timer timer = watchdog.arm(channel, sendTimeout)) {
      try {
        channel.write(request);
      } catch (IOException e) {
        throw timer.fired()
            ? protocol(
                "the agent did not take the request within " + sendTimeout.toSeconds() + " s")
            : new ControlException(ControlError.PROTOCOL, "sending to the agent failed: " + e, e);
      }
    }
  }

  /** The next response, or null when the agent closed the connection between responses. */
  Response receive(Duration timeout) throws ControlException {
    byte[] bytes;
    try (Watchdog.Timer timer = watchdog.arm(channel, timeout)) {
      try {
        bytes = channel.read(MAX_RESPONSE_BYTES);
      } catch (IOException e) {
        if (timer.fired()) {
          throw protocol("the agent did not answer within " + timeout.toSeconds() + " s");
        }
        throw new ControlException(ControlError.PROTOCOL, "reading from the agent failed: " + e, e);
      }
    }
    if (bytes == null) {
      return null;
    }
    try {
      return Response.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw protocol("the agent's answer does not parse: " + e.getMessage());
    }
  }

  /** {@code response} if it is of {@code kind}; its error, or a PROTOCOL error, otherwise. */
  static Response expect(Response response, Response.KindCase kind) throws ControlException {
    if (response.getKindCase() == kind) {
      return response;
    }
    if (response.hasError()) {
      throw error(response);
    }
    throw protocol("expected " + kind + " from the agent, got " + response.getKindCase());
  }

  static ControlException error(Response response) {
    return new ControlException(
        ControlCodec.fromWire(response.getError().getCode()), response.getError().getMessage());
  }

  static ControlException protocol(String message) {
    return new ControlException(ControlError.PROTOCOL, message);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a Unix socket we own cannot lose data; nothing to tell the user.
    } finally {
      watchdog.close();
    }
  }

  private Response receiveQuietly() {
    try {
      return receive(REFUSAL_READ_TIMEOUT);
    } catch (ControlException e) {
      return null;
    }
  }
}
