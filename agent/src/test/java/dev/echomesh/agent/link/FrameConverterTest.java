package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.proto.Frame;
import dev.echomesh.proto.Hello;
import dev.echomesh.proto.Result;
import dev.echomesh.proto.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameConverterTest {

  static NodeId node(int fill) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) fill);
    return NodeId.fromBytes(bytes);
  }

  private static LinkMessage roundTrip(LinkMessage message) throws MalformedFrameException {
    return FrameConverter.fromFrame(FrameConverter.toFrame(message));
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void status_toWireAndBack_isTheSame(TaskStatus status) {
    assertEquals(status, FrameConverter.fromWire(FrameConverter.toWire(status)));
  }

  @ParameterizedTest
  @EnumSource(value = Status.class, names = {"STATUS_UNSPECIFIED", "UNRECOGNIZED"})
  void fromWire_missingOrUnknownStatus_isFailed(Status status) {
    assertEquals(TaskStatus.FAILED, FrameConverter.fromWire(status));
  }

  @Test
  void call_roundTrip_keepsEveryField() throws Exception {
    byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
    var call = (LinkMessage.Call) roundTrip(new LinkMessage.Call(7, "echo", payload, 1500, false));
    assertEquals(7, call.callId());
    assertEquals("echo", call.task());
    assertArrayEquals(payload, call.payload());
    assertEquals(1500, call.timeoutMillis());
  }

  @Test
  void roundTrip_callWithIdempotencyKey_keepsTheKey() throws Exception {
    byte[] key = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    var call = (LinkMessage.Call) roundTrip(new LinkMessage.Call(3, "work", new byte[0], 1000, false, key));
    org.junit.jupiter.api.Assertions.assertArrayEquals(key, call.idempotencyKey());
    var plain = (LinkMessage.Call) roundTrip(new LinkMessage.Call(4, "work", new byte[0], 1000, false));
    org.junit.jupiter.api.Assertions.assertEquals(0, plain.idempotencyKey().length);
  }

  @Test
  void call_timeoutBeyondUint32_isCappedNotWrapped() throws Exception {
    var call = (LinkMessage.Call) roundTrip(new LinkMessage.Call(1, "t", new byte[0], 1L << 40, false));
    assertEquals(0xFFFF_FFFFL, call.timeoutMillis());
  }

  @Test
  void result_roundTrip_keepsStatusMessageAndPayload() throws Exception {
    var sent = new LinkMessage.Result(9, new TaskResult(TaskStatus.FAILED, "boom", new byte[] {1, 2}));
    var got = (LinkMessage.Result) roundTrip(sent);
    assertEquals(9, got.callId());
    assertEquals(TaskStatus.FAILED, got.result().status());
    assertEquals("boom", got.result().message());
    assertArrayEquals(new byte[] {1, 2}, got.result().payload());
  }

  @Test
  void result_longMessage_isCut() throws Exception {
    String longMessage = "x".repeat(FrameConverter.MAX_MESSAGE_CHARS * 2);
    var got = (LinkMessage.Result) roundTrip(
        new LinkMessage.Result(1, TaskResult.error(TaskStatus.FAILED, longMessage)));
    assertEquals(FrameConverter.MAX_MESSAGE_CHARS, got.result().message().length());
  }

  @Test
  void hello_roundTrip_keepsEveryField() throws Exception {
    var sent = new LinkMessage.Hello(1, node(3), "alpha", 64, "0.1.0", 47201, 47200);
    assertEquals(sent, roundTrip(sent));
  }

  @Test
  void cancelAndGoAway_roundTrip() throws Exception {
    assertEquals(new LinkMessage.Cancel(4, "deadline"), roundTrip(new LinkMessage.Cancel(4, "deadline")));
    assertEquals(new LinkMessage.GoAway("bye"), roundTrip(new LinkMessage.GoAway("bye")));
  }

  @Test
  void fromFrame_noBody_isMalformed() {
    assertThrows(MalformedFrameException.class, () -> FrameConverter.fromFrame(Frame.getDefaultInstance()));
  }

  @Test
  void fromFrame_helloWithShortNodeId_isMalformed() {
    Frame frame = Frame.newBuilder()
        .setHello(Hello.newBuilder().setNodeId(ByteString.copyFrom(new byte[5])))
        .build();
    MalformedFrameException e =
        assertThrows(MalformedFrameException.class, () -> FrameConverter.fromFrame(frame));
    assertEquals("a Hello whose node ID is 5 bytes instead of 32", e.getMessage());
  }

  @Test
  void fromFrame_resultWithoutStatus_isFailed() throws Exception {
    Frame frame = Frame.newBuilder().setResult(Result.newBuilder().setCallId(2)).build();
    var result = assertInstanceOf(LinkMessage.Result.class, FrameConverter.fromFrame(frame));
    assertEquals(TaskStatus.FAILED, result.result().status());
  }

  @Test
  void chunk_roundTrip_keepsEveryField() throws Exception {
    byte[] sha = new byte[32];
    sha[0] = 5;
    var sent = LinkMessage.Chunk.last(3, true, 1L << 33, java.nio.ByteBuffer.wrap(new byte[] {9, 8}), sha);
    var got = (LinkMessage.Chunk) roundTrip(sent);
    assertEquals(3, got.callId());
    assertTrue(got.forResult());
    assertEquals(1L << 33, got.offset());
    assertEquals(java.nio.ByteBuffer.wrap(new byte[] {9, 8}), got.data());
    assertTrue(got.last());
    assertArrayEquals(sha, got.sha256());
    assertNull(got.abortStatus());
  }

  @Test
  void chunk_abort_keepsStatusAndCutsALongMessage() throws Exception {
    var got = (LinkMessage.Chunk) roundTrip(LinkMessage.Chunk.abort(3, 10, TaskStatus.FAILED, "y".repeat(5000)));
    assertEquals(TaskStatus.FAILED, got.abortStatus());
    assertEquals(FrameConverter.MAX_ABORT_MESSAGE_CHARS, got.abortMessage().length());
  }

  @Test
  void chunk_abortOnARequestsPayload_isMalformed() {
    Frame frame = Frame.newBuilder().setChunk(dev.echomesh.proto.Chunk.newBuilder()
        .setCallId(1).setLast(true).setAbortStatus(Status.STATUS_FAILED)).build();
    assertThrows(MalformedFrameException.class, () -> FrameConverter.fromFrame(frame));
  }

  @Test
  void chunk_digestOfTheWrongLength_isMalformed() {
    Frame frame = Frame.newBuilder().setChunk(dev.echomesh.proto.Chunk.newBuilder()
        .setCallId(1).setLast(true).setSha256(com.google.protobuf.ByteString.copyFrom(new byte[5]))).build();
    assertThrows(MalformedFrameException.class, () -> FrameConverter.fromFrame(frame));
  }

  @Test
  void windowUpdate_roundTrip_keepsEveryField() throws Exception {
    assertEquals(new LinkMessage.WindowUpdate(4, true, 65536), roundTrip(new LinkMessage.WindowUpdate(4, true, 65536)));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, -1})
  void windowUpdate_ofNoBytesOrOver2GiB_isMalformed(int bytes) {
    Frame frame = Frame.newBuilder().setWindowUpdate(dev.echomesh.proto.WindowUpdate.newBuilder()
        .setCallId(1).setBytes(bytes)).build();
    assertThrows(MalformedFrameException.class, () -> FrameConverter.fromFrame(frame));
  }

  @Test
  void result_chunkedFlag_roundTrips() throws Exception {
    var got = (LinkMessage.Result) roundTrip(new LinkMessage.Result(2, TaskResult.ok(new byte[0]), true));
    assertTrue(got.chunked());
  }
}
