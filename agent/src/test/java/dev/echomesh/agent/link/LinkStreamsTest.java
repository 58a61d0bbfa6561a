package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.link.LinkTest.RecordingHandler;
import dev.echomesh.agent.link.LinkTest.RecordingOwner;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunked payloads on one link (EmbeddedChannel; the peer is the test, time is stepped): credit,
 * reassembly, the buffer bound, and bad input from the peer, which ends the call or the link
 * with a clear reason and leaves the other calls alone.
 */
class LinkStreamsTest {

  private static final NodeId PEER = FrameConverterTest.node(7);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final int WINDOW = 100;

  private final FakeTicker ticker = new FakeTicker();
  private final RecordingOwner owner = new RecordingOwner();
  private final RecordingHandler handler = new RecordingHandler();
  private EmbeddedChannel channel;

  private void open(StreamConfig streams) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    LinkInfo info = new LinkInfo(PEER, "peer", new InetSocketAddress("127.0.0.1", 1), true, 1, 0, "test");
    LinkConfig config = LinkConfig.builder().maxInFlightCallsPerLink(8).idleTimeout(Duration.ofSeconds(60))
        .streams(streams).build();
    channel.pipeline().addLast(new Link(owner, info, channel, config, 0, handler, ticker));
  }

  @BeforeEach
  void setUp() {
    // Payloads over 10 bytes are chunked; windows of 100 bytes; a link may buffer 250.
    open(new StreamConfig(10, 40, WINDOW, 250, 1000));
  }

  private <T extends LinkMessage> T sent(Class<T> type) {
    return assertInstanceOf(type, channel.readOutbound());
  }

  private void advance(long nanos) {
    ticker.advanceNanos(nanos);
    channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
  }

  private void chunkedCall(long id) {
    channel.writeInbound(new LinkMessage.Call(id, "put", new byte[0], 1000, true));
    assertEquals(new LinkMessage.WindowUpdate(id, false, WINDOW), sent(LinkMessage.WindowUpdate.class));
  }

  private static LinkMessage.Chunk piece(long id, long offset, int size) {
    return LinkMessage.Chunk.piece(id, false, offset, ByteBuffer.wrap(new byte[size]));
  }

  private static LinkMessage.Chunk last(long id, long offset, int size) {
    return LinkMessage.Chunk.last(id, false, offset, ByteBuffer.wrap(new byte[size]), new byte[0]);
  }

  // ---- callee: receiving a request's chunks -------------------------------------------------

  @Test
  void requestChunks_consumed_grantCreditBackInBatches() {
    chunkedCall(5);
    channel.writeInbound(piece(5, 0, 40));
    assertNull(channel.readOutbound(), "40 bytes are under half the window: no grant yet");
    channel.writeInbound(piece(5, 40, 40));
    assertEquals(new LinkMessage.WindowUpdate(5, false, 80), sent(LinkMessage.WindowUpdate.class));
    channel.writeInbound(last(5, 80, 20));
    assertEquals(100, handler.requests.get(0).payload().length);
  }

  @Test
  void chunk_forAnUnknownCall_isDroppedAndCounted_theLinkStays() {
    channel.writeInbound(piece(99, 0, 5));
    assertTrue(channel.isOpen());
    assertEquals(1, owner.stats.chunksDropped());
  }

  private static LinkMessage.Chunk pooledPiece(long id, long offset, byte[] data) {
    return LinkMessage.Chunk.piece(id, false, offset, ChunkBuffers.SHARED.copyOf(ByteString.copyFrom(data)));
  }

  @Test
  void chunksInReusedBuffers_assembledWhole_giveEveryBufferBack() {
    int before = ChunkBuffers.SHARED.outstanding();
    chunkedCall(5);
    channel.writeInbound(pooledPiece(5, 0, new byte[] {1, 2, 3}));
    channel.writeInbound(pooledPiece(5, 3, new byte[] {4, 5}));
    channel.writeInbound(LinkMessage.Chunk.last(5, false, 5,
        ChunkBuffers.SHARED.copyOf(ByteString.copyFrom(new byte[] {6})), new byte[0]));

    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, handler.requests.get(0).payload());
    assertEquals(before, ChunkBuffers.SHARED.outstanding());
  }

  @Test
  void chunksInReusedBuffers_droppedAfterCancelOrForUnknownCalls_giveTheirBuffersBack() {
    int before = ChunkBuffers.SHARED.outstanding();
    chunkedCall(5);
    channel.writeInbound(pooledPiece(5, 0, new byte[30]));
    channel.writeInbound(new LinkMessage.Cancel(5, "changed my mind"));
    channel.writeInbound(pooledPiece(5, 30, new byte[30]));
    channel.writeInbound(pooledPiece(99, 0, new byte[5]));

    assertEquals(2, owner.stats.chunksDropped());
    assertEquals(before, ChunkBuffers.SHARED.outstanding());
  }

  @Test
  void chunk_outOfOrder_closesTheLinkWithAProtocolError() {
    chunkedCall(5);
    channel.writeInbound(piece(5, 10, 5));
    assertFalse(channel.isOpen());
    assertEquals(1, owner.stats.frameErrors(FrameError.PROTOCOL));
    assertEquals(0, owner.stats.bufferedBytes(), "the closed link freed what it buffered");
  }

  @Test
  void chunk_overTheWindow_closesTheLinkWithAProtocolError() {
    chunkedCall(5);
    channel.writeInbound(piece(5, 0, WINDOW + 1));
    assertFalse(channel.isOpen());
    assertEquals(1, owner.stats.frameErrors(FrameError.PROTOCOL));
  }

  @Test
  void chunk_forACallThatCameWhole_closesTheLink() {
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[] {1}, 1000, false));
    channel.writeInbound(piece(5, 0, 1));
    assertFalse(channel.isOpen());
  }

  @Test
  void lastChunk_withAWrongDigest_endsThatCallFailed_othersGoOn() {
    chunkedCall(5);
    chunkedCall(6);
    channel.writeInbound(LinkMessage.Chunk.last(5, false, 0, ByteBuffer.wrap(new byte[] {1}), new byte[32]));
    LinkMessage.Result failed = sent(LinkMessage.Result.class);
    assertEquals(5, failed.callId());
    assertEquals(TaskStatus.FAILED, failed.result().status());
    assertTrue(failed.result().message().contains("SHA-256"), failed.result().message());
    channel.writeInbound(last(6, 0, 3));
    assertTrue(channel.isOpen());
    assertEquals(1, handler.requests.size());
    assertEquals(3, handler.requests.get(0).payload().length);
  }

  @Test
  void chunkedCalls_pastTheLinksBufferBound_areOverloaded() {
    chunkedCall(1);
    chunkedCall(2); // 200 of 250 bytes reserved
    channel.writeInbound(new LinkMessage.Call(3, "put", new byte[0], 1000, true));
    LinkMessage.Result refused = sent(LinkMessage.Result.class);
    assertEquals(TaskStatus.OVERLOADED, refused.result().status());
    assertEquals(200, owner.stats.bufferedBytes());
  }

  @Test
  void wholePayload_growingPastTheBound_endsItsCallOverloaded() {
    chunkedCall(1);
    chunkedCall(2);
    long offset = 0;
    TaskStatus status = null;
    while (status == null) { // call 1 keeps sending what it is granted
      channel.writeInbound(piece(1, offset, 40));
      offset += 40;
      Object out;
      while ((out = channel.readOutbound()) != null) {
        if (out instanceof LinkMessage.Result r) {
          status = r.result().status();
        }
      }
    }
    assertEquals(TaskStatus.OVERLOADED, status);
    assertTrue(channel.isOpen());
    assertEquals(WINDOW, owner.stats.bufferedBytes(), "only call 2's window is left");
  }

  @Test
  void deadline_midStream_answersTimeoutAndFreesTheBuffer() {
    chunkedCall(5);
    channel.writeInbound(piece(5, 0, 30));
    advance(SECOND);
    assertEquals(TaskStatus.TIMEOUT, sent(LinkMessage.Result.class).result().status());
    assertEquals(0, owner.stats.bufferedBytes());
    channel.writeInbound(piece(5, 30, 30));
    assertEquals(1, owner.stats.chunksDropped());
    assertTrue(channel.isOpen());
  }

  @Test
  void cancel_midStream_freesTheBufferAndLaterChunksAreDropped() {
    chunkedCall(5);
    channel.writeInbound(piece(5, 0, 30));
    channel.writeInbound(new LinkMessage.Cancel(5, "changed my mind"));
    assertEquals(0, owner.stats.bufferedBytes());
    channel.writeInbound(piece(5, 30, 30));
    assertEquals(1, owner.stats.chunksDropped());
    assertNull(channel.readOutbound());
  }

  // ---- caller: sending a request's chunks, receiving a result's ----------------------------

  private PendingCall call(byte[] payload) {
    PendingCall call = new PendingCall(PEER, "put", new byte[0], SECOND, ticker.read());
    call.requestSender = new ArraySender(payload, false, 40, () -> { });
    Link link = (Link) channel.pipeline().last();
    call.startOn(link);
    channel.runPendingTasks();
    return call;
  }

  @Test
  void chunkedRequest_sendsNothingBeforeCredit_thenExactlyTheCredit() {
    PendingCall call = call(new byte[150]);
    LinkMessage.Call header = sent(LinkMessage.Call.class);
    assertTrue(header.chunked());
    assertNull(channel.readOutbound());
    channel.writeInbound(new LinkMessage.WindowUpdate(header.callId(), false, 100));
    assertEquals(40, sent(LinkMessage.Chunk.class).size());
    assertEquals(40, sent(LinkMessage.Chunk.class).size());
    assertEquals(20, sent(LinkMessage.Chunk.class).size());
    assertNull(channel.readOutbound());
    assertEquals(100, owner.stats.unacknowledgedStreamBytes());
    channel.writeInbound(new LinkMessage.WindowUpdate(header.callId(), false, 100));
    assertEquals(40, sent(LinkMessage.Chunk.class).size());
    LinkMessage.Chunk last = sent(LinkMessage.Chunk.class);
    assertTrue(last.last());
    assertEquals(150, last.offset() + last.size());
    assertFalse(call.isDone());
    assertEquals(100, owner.stats.unacknowledgedStreamBytesPeak());
  }

  @Test
  void streamedRequest_transferFrom_sendsEveryByteInOrder_inChunksNeverReused_andTheLastStatesNoDigest()
      throws IOException {
    PendingCall call = new PendingCall(PEER, "put", new byte[0], SECOND, ticker.read());
    OutboundStream out = new OutboundStream(false, 40, ticker, call.deadlineNanos, () -> { });
    call.requestSender = out;
    call.startOn((Link) channel.pipeline().last());
    channel.runPendingTasks();
    LinkMessage.Call header = sent(LinkMessage.Call.class);
    channel.writeInbound(new LinkMessage.WindowUpdate(header.callId(), false, 1000));
    byte[] data = new byte[150];
    new Random(3).nextBytes(data);

    assertEquals(150, out.transferFrom(new ByteArrayInputStream(data)));
    out.close();
    channel.runPendingTasks();

    ByteArrayOutputStream received = new ByteArrayOutputStream();
    LinkMessage.Chunk chunk;
    do {
      chunk = sent(LinkMessage.Chunk.class);
      assertEquals(received.size(), chunk.offset());
      byte[] bytes = new byte[chunk.size()];
      chunk.data().duplicate().get(bytes);
      received.writeBytes(bytes);
    } while (!chunk.last());
    assertArrayEquals(data, received.toByteArray(), "each chunk keeps its own bytes after later writes");
    assertEquals(0, chunk.sha256().length, "TLS and the task verify streams; the link states no digest");
  }

  @Test
  void chunkedResult_isAssembledWhole_andItsWindowFreedAfterwards() {
    PendingCall call = call(new byte[0]);
    long id = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[0]), true));
    assertEquals(new LinkMessage.WindowUpdate(id, true, WINDOW), sent(LinkMessage.WindowUpdate.class));
    channel.writeInbound(LinkMessage.Chunk.piece(id, true, 0, ByteBuffer.wrap(new byte[] {1, 2})));
    channel.writeInbound(LinkMessage.Chunk.last(id, true, 2, ByteBuffer.wrap(new byte[] {3}), LinkTest.sha256(1, 2, 3)));
    TaskResult result = call.join();
    assertEquals(TaskStatus.OK, result.status());
    assertArrayEquals(new byte[] {1, 2, 3}, result.payload());
    assertEquals(0, owner.stats.bufferedBytes());
  }

  @Test
  void chunkedResult_abortedByTheCallee_endsTheCallWithItsStatus() {
    PendingCall call = call(new byte[0]);
    long id = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[0]), true));
    channel.writeInbound(LinkMessage.Chunk.piece(id, true, 0, ByteBuffer.wrap(new byte[] {1})));
    channel.writeInbound(LinkMessage.Chunk.abort(id, 1, TaskStatus.FAILED, "disk full"));
    TaskResult result = call.join();
    assertEquals(TaskStatus.FAILED, result.status());
    assertTrue(result.message().contains("disk full"), result.message());
    assertEquals(0, owner.stats.bufferedBytes());
  }

  @Test
  void linkClosing_midStream_endsTheCallUnavailable_andFreesItsBuffer() {
    PendingCall call = call(new byte[0]);
    long id = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[0]), true));
    channel.writeInbound(LinkMessage.Chunk.piece(id, true, 0, ByteBuffer.wrap(new byte[50])));
    channel.close();
    assertEquals(TaskStatus.UNAVAILABLE, call.join().status());
    assertEquals(0, owner.stats.bufferedBytes());
  }

  @Test
  void deadline_midResultStream_isTimeoutWithACancelToTheCallee() {
    PendingCall call = call(new byte[0]);
    long id = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[0]), true));
    sent(LinkMessage.WindowUpdate.class);
    advance(SECOND);
    assertEquals(TaskStatus.TIMEOUT, call.join().status());
    assertEquals(id, sent(LinkMessage.Cancel.class).callId());
    assertEquals(0, owner.stats.bufferedBytes());
  }
}
