package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.testing.FakeTicker;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The link's call multiplexing on an EmbeddedChannel: the peer is the test, time is stepped. */
class LinkTest {

  private static final NodeId PEER = FrameConverterTest.node(7);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final FakeTicker ticker = new FakeTicker();
  private final RecordingOwner owner = new RecordingOwner();
  private final RecordingHandler handler = new RecordingHandler();
  private EmbeddedChannel channel;
  private Link link;

  private void open(LinkConfig config, int peerMaxInFlight) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    LinkInfo info = new LinkInfo(PEER, "peer", new InetSocketAddress("127.0.0.1", 1), true, 1, 0, "test");
    link = new Link(owner, info, channel, config, peerMaxInFlight, handler, ticker);
    channel.pipeline().addLast(link);
  }

  @BeforeEach
  void setUp() {
    open(LinkConfig.builder().maxInFlightCallsPerLink(4).idleTimeout(Duration.ofSeconds(60)).build(), 0);
  }

  private PendingCall call(String task, long timeoutNanos) {
    PendingCall call = new PendingCall(PEER, task, new byte[] {1}, timeoutNanos, ticker.read());
    call.startOn(link);
    channel.runPendingTasks();
    return call;
  }

  private void advance(long nanos) {
    ticker.advanceNanos(nanos);
    channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
  }

  @SuppressWarnings("unchecked")
  private <T extends LinkMessage> T sent(Class<T> type) {
    Object message = channel.readOutbound();
    return assertInstanceOf(type, message);
  }

  @Test
  void startCall_writesCallWithItsRemainingDeadline() {
    call("echo", 2 * SECOND);
    LinkMessage.Call sent = sent(LinkMessage.Call.class);
    assertEquals("echo", sent.task());
    assertEquals(2000, sent.timeoutMillis());
    assertArrayEquals(new byte[] {1}, sent.payload());
  }

  @Test
  void results_arrivingInAnyOrder_eachCompletesItsOwnCall() {
    PendingCall first = call("a", SECOND);
    PendingCall second = call("b", SECOND);
    long firstId = sent(LinkMessage.Call.class).callId();
    long secondId = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.Result(secondId, TaskResult.ok(new byte[] {2})));
    channel.writeInbound(new LinkMessage.Result(firstId, TaskResult.ok(new byte[] {1})));
    assertArrayEquals(new byte[] {1}, first.join().payload());
    assertArrayEquals(new byte[] {2}, second.join().payload());
  }

  @Test
  void startCall_pastTheInFlightBound_isOverloadedAtOnce() {
    for (int i = 0; i < 4; i++) {
      call("echo", SECOND);
    }
    PendingCall fifth = call("echo", SECOND);
    assertTrue(fifth.isDone());
    assertEquals(TaskStatus.OVERLOADED, fifth.join().status());
  }

  @Test
  void startCall_peerStatedASmallerBound_thatBoundApplies() {
    open(LinkConfig.builder().maxInFlightCallsPerLink(4).build(), 1);
    call("echo", SECOND);
    assertEquals(TaskStatus.OVERLOADED, call("echo", SECOND).join().status());
  }

  @Test
  void deadline_passes_callerGetsTimeoutAndCalleeACancel() {
    PendingCall call = call("slow", SECOND);
    long id = sent(LinkMessage.Call.class).callId();
    advance(SECOND - 1);
    assertFalse(call.isDone());
    advance(1);
    assertEquals(TaskStatus.TIMEOUT, call.join().status());
    assertEquals(id, sent(LinkMessage.Cancel.class).callId());
  }

  @Test
  void deadlines_shorterCallAfterALongerOne_eachExpiresAtItsOwn() {
    PendingCall longer = call("slow", 2 * SECOND);
    PendingCall shorter = call("slow", SECOND);
    advance(SECOND - 1);
    assertFalse(shorter.isDone());
    advance(1);
    assertEquals(TaskStatus.TIMEOUT, shorter.join().status());
    assertFalse(longer.isDone());
    advance(SECOND);
    assertEquals(TaskStatus.TIMEOUT, longer.join().status());
  }

  @Test
  void deadline_ofACallStartedAfterAnAnsweredOne_isKept() {
    PendingCall answered = call("echo", SECOND);
    long id = sent(LinkMessage.Call.class).callId();
    advance(SECOND / 2);
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[] {1})));
    PendingCall later = call("slow", SECOND);
    advance(SECOND / 2); // the first call's deadline: nothing is due
    assertEquals(TaskStatus.OK, answered.join().status());
    assertFalse(later.isDone());
    advance(SECOND / 2 - 1);
    assertFalse(later.isDone());
    advance(1);
    assertEquals(TaskStatus.TIMEOUT, later.join().status());
  }

  @Test
  void result_afterTheDeadline_isIgnored() {
    PendingCall call = call("slow", SECOND);
    long id = sent(LinkMessage.Call.class).callId();
    advance(SECOND);
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[] {9})));
    assertEquals(TaskStatus.TIMEOUT, call.join().status());
    assertTrue(channel.isOpen());
  }

  @Test
  void cancel_byTheCaller_sendsCancelAndFreesTheSlot() {
    PendingCall call = call("slow", SECOND);
    long id = sent(LinkMessage.Call.class).callId();
    call.cancel(true);
    channel.runPendingTasks();
    assertEquals(id, sent(LinkMessage.Cancel.class).callId());
    for (int i = 0; i < 4; i++) {
      assertFalse(call("echo", SECOND).isDone());
    }
  }

  @Test
  void incomingCall_isHandedToTheHandler_andItsResultWritten() {
    channel.writeInbound(new LinkMessage.Call(5, "echo", new byte[] {3}, 1500, false));
    TaskRequest request = handler.requests.get(0);
    assertEquals(PEER, request.caller());
    assertEquals("echo", request.task());
    handler.sinks.get(0).complete(TaskResult.ok(new byte[] {4}));
    channel.runPendingTasks();
    LinkMessage.Result result = sent(LinkMessage.Result.class);
    assertEquals(5, result.callId());
    assertArrayEquals(new byte[] {4}, result.result().payload());
  }

  @Test
  void incomingCall_deadlinePasses_handlerInterruptedAndTimeoutSent() {
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[0], 1000, false));
    advance(SECOND);
    assertEquals(1, handler.interrupts);
    LinkMessage.Result result = sent(LinkMessage.Result.class);
    assertEquals(TaskStatus.TIMEOUT, result.result().status());
    handler.sinks.get(0).complete(TaskResult.ok(new byte[0]));
    channel.runPendingTasks();
    assertNull(channel.readOutbound());
  }

  @Test
  void incomingCalls_withDifferentDeadlines_eachExpiresAtItsOwn() {
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[0], 2000, false));
    channel.writeInbound(new LinkMessage.Call(6, "slow", new byte[0], 1000, false));
    advance(SECOND);
    assertEquals(1, handler.interrupts);
    assertEquals(6, sent(LinkMessage.Result.class).callId());
    advance(SECOND - 1);
    assertEquals(1, handler.interrupts);
    advance(1);
    assertEquals(2, handler.interrupts);
    assertEquals(5, sent(LinkMessage.Result.class).callId());
  }

  @Test
  void incomingCall_answeredBeforeStartReturns_isWrittenAndNeverExpires() {
    handler.answerAtOnce = TaskResult.ok(new byte[] {8});
    channel.writeInbound(new LinkMessage.Call(5, "echo", new byte[] {8}, 1000, false));
    channel.runPendingTasks();
    assertArrayEquals(new byte[] {8}, sent(LinkMessage.Result.class).result().payload());
    advance(2 * SECOND);
    assertEquals(0, handler.interrupts);
    assertNull(channel.readOutbound());
  }

  @Test
  void incomingCall_withoutDeadline_getsTheDefault() {
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[0], 0, false));
    advance(LinkConfig.DEFAULT_CALL_TIMEOUT.toNanos() - 1);
    assertEquals(0, handler.interrupts);
    advance(1);
    assertEquals(1, handler.interrupts);
  }

  @Test
  void incomingCancel_interruptsTheHandlerAndSendsNoResult() {
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[0], 1000, false));
    channel.writeInbound(new LinkMessage.Cancel(5, "deadline passed"));
    assertEquals(1, handler.interrupts);
    handler.sinks.get(0).complete(TaskResult.error(TaskStatus.CANCELLED, "interrupted"));
    channel.runPendingTasks();
    assertNull(channel.readOutbound());
  }

  @Test
  void incomingCalls_pastTheBound_areOverloaded() {
    for (int i = 1; i <= 5; i++) {
      channel.writeInbound(new LinkMessage.Call(i, "slow", new byte[0], 1000, false));
    }
    assertEquals(4, handler.requests.size());
    LinkMessage.Result result = sent(LinkMessage.Result.class);
    assertEquals(5, result.callId());
    assertEquals(TaskStatus.OVERLOADED, result.result().status());
  }

  @Test
  void incomingCall_chunked_grantsAWindowAndStartsTheTaskOnceWhole() {
    channel.writeInbound(new LinkMessage.Call(5, "file.put", new byte[0], 1000, true));
    LinkMessage.WindowUpdate grant = sent(LinkMessage.WindowUpdate.class);
    assertEquals(new LinkMessage.WindowUpdate(5, false, StreamConfig.DEFAULT_WINDOW_BYTES), grant);
    assertTrue(handler.requests.isEmpty());
    channel.writeInbound(LinkMessage.Chunk.piece(5, false, 0, ByteBuffer.wrap(new byte[] {1, 2})));
    channel.writeInbound(LinkMessage.Chunk.last(5, false, 2, ByteBuffer.wrap(new byte[] {3}), sha256(1, 2, 3)));
    assertEquals(1, handler.requests.size());
    assertArrayEquals(new byte[] {1, 2, 3}, handler.requests.get(0).payload());
  }

  static byte[] sha256(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return Digests.sha256().digest(data);
  }

  @Test
  void incomingCall_idAlreadyInFlight_closesTheLink() {
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[0], 1000, false));
    channel.writeInbound(new LinkMessage.Call(5, "slow", new byte[0], 1000, false));
    assertFalse(channel.isOpen());
    assertEquals(1, owner.stats.frameErrors(FrameError.PROTOCOL));
    assertEquals(1, handler.interrupts);
  }

  @Test
  void resultFromTheHandler_overTheFrameLimit_isSentInChunksAsCreditComes() {
    open(LinkConfig.builder().maxFrameBytes(64 * 1024).build(), 0);
    channel.writeInbound(new LinkMessage.Call(5, "big", new byte[0], 1000, false));
    handler.sinks.get(0).complete(TaskResult.ok(new byte[70_000]));
    channel.runPendingTasks();
    LinkMessage.Result result = sent(LinkMessage.Result.class);
    assertEquals(TaskStatus.OK, result.result().status());
    assertTrue(result.chunked());
    assertNull(channel.readOutbound(), "no chunk before credit");
    channel.writeInbound(new LinkMessage.WindowUpdate(5, true, 1000));
    LinkMessage.Chunk first = sent(LinkMessage.Chunk.class);
    assertEquals(0, first.offset());
    assertTrue(first.size() <= 1000 && first.size() <= FrameConverter.maxChunkData(64 * 1024));
    long sentBytes = first.size();
    while (channel.outboundMessages().peek() != null) {
      sentBytes += sent(LinkMessage.Chunk.class).size();
    }
    assertEquals(1000, sentBytes, "exactly the credit granted");
    channel.writeInbound(new LinkMessage.WindowUpdate(5, true, 100_000));
    LinkMessage.Chunk last = null;
    while (channel.outboundMessages().peek() != null) {
      last = sent(LinkMessage.Chunk.class);
    }
    assertTrue(last.last());
    assertEquals(70_000, last.offset() + last.size());
    assertArrayEquals(Digests.sha256().digest(new byte[70_000]), last.sha256());
  }

  @Test
  void goAwayFromThePeer_callsInFlightFinish_thenTheLinkCloses() {
    PendingCall call = call("echo", SECOND);
    long id = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.GoAway("shutting down"));
    assertFalse(link.isAccepting());
    assertEquals(List.of(link), owner.draining);
    assertTrue(channel.isOpen());
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[0])));
    assertTrue(call.join().isOk());
    assertFalse(channel.isOpen());
  }

  @Test
  void startCall_onADrainingLink_isRerouted() {
    channel.writeInbound(new LinkMessage.Call(1, "slow", new byte[0], 1000, false));
    link.goAway("test");
    channel.runPendingTasks();
    sent(LinkMessage.GoAway.class);
    PendingCall call = call("echo", SECOND);
    assertEquals(List.of(call), owner.rerouted);
  }

  @Test
  void goAway_sent_newIncomingCallsAreUnavailable_inFlightOnesFinish() {
    channel.writeInbound(new LinkMessage.Call(1, "slow", new byte[0], 1000, false));
    link.goAway("stopping");
    channel.runPendingTasks();
    assertEquals("stopping", sent(LinkMessage.GoAway.class).reason());
    channel.writeInbound(new LinkMessage.Call(2, "echo", new byte[0], 1000, false));
    LinkMessage.Result refused = sent(LinkMessage.Result.class);
    assertEquals(2, refused.callId());
    assertEquals(TaskStatus.UNAVAILABLE, refused.result().status());
    handler.sinks.get(0).complete(TaskResult.ok(new byte[0]));
    channel.runPendingTasks();
    assertEquals(TaskStatus.OK, sent(LinkMessage.Result.class).result().status());
    assertFalse(channel.isOpen());
  }

  @Test
  void connectionLost_pendingCallsAreUnavailableAtOnce_handlersInterrupted() {
    PendingCall call = call("echo", 10 * SECOND);
    channel.writeInbound(new LinkMessage.Call(1, "slow", new byte[0], 1000, false));
    channel.close();
    assertEquals(TaskStatus.UNAVAILABLE, call.join().status());
    assertEquals(1, handler.interrupts);
    assertEquals(1, owner.closed.size());
  }

  @Test
  void abort_endsEveryCallWithCancelled() {
    PendingCall call = call("echo", 10 * SECOND);
    sent(LinkMessage.Call.class);
    channel.writeInbound(new LinkMessage.Call(1, "slow", new byte[0], 1000, false));
    link.abort("shutdown");
    channel.runPendingTasks();
    assertEquals(TaskStatus.CANCELLED, call.join().status());
    assertEquals(TaskStatus.CANCELLED, sent(LinkMessage.Result.class).result().status());
    assertFalse(channel.isOpen());
  }

  @Test
  void idle_noCallsForTheIdleTimeout_sendsGoAwayAndCloses() {
    open(LinkConfig.builder().idleTimeout(Duration.ofSeconds(10)).build(), 0);
    advance(5 * SECOND);
    PendingCall call = call("echo", SECOND);
    long id = sent(LinkMessage.Call.class).callId();
    channel.writeInbound(new LinkMessage.Result(id, TaskResult.ok(new byte[0])));
    assertTrue(call.isDone());
    advance(9 * SECOND);
    assertTrue(channel.isOpen());
    advance(SECOND);
    assertInstanceOf(LinkMessage.GoAway.class, channel.readOutbound());
    assertFalse(channel.isOpen());
  }

  @Test
  void idle_whileACallRuns_staysOpen() {
    open(LinkConfig.builder().idleTimeout(Duration.ofSeconds(10)).build(), 0);
    channel.writeInbound(new LinkMessage.Call(1, "slow", new byte[0], 60_000, false));
    advance(30 * SECOND);
    assertTrue(channel.isOpen());
  }

  @ParameterizedTest(name = "busy={0} idleSince={1} now={2} timeout={3} -> {4}")
  @CsvSource({
      "false, 0, 0, 10, 10",
      "false, 0, 4, 10, 6",
      "false, 0, 10, 10, 0",
      "false, 0, 15, 10, 0",
      "true, 0, 15, 10, 10",
      "false, 100, 105, 10, 5"})
  void idleCheckDelay_table(boolean busy, long idleSince, long now, long timeout, long expected) {
    assertEquals(expected, Link.idleCheckDelay(busy, idleSince, now, timeout));
  }

  static final class RecordingOwner implements LinkOwner {
    final LinkStats stats = new LinkStats();
    final List<PendingCall> rerouted = new ArrayList<>();
    final List<Link> draining = new ArrayList<>();
    final List<String> closed = new ArrayList<>();

    @Override
    public void reroute(PendingCall call, Link from) {
      rerouted.add(call);
    }

    @Override
    public void draining(Link link) {
      draining.add(link);
    }

    @Override
    public void closed(Link link, String reason) {
      closed.add(reason);
    }

    @Override
    public LinkStats stats() {
      return stats;
    }
  }

  static final class RecordingHandler implements CallHandler {
    final List<TaskRequest> requests = new ArrayList<>();
    final List<ResultSink> sinks = new ArrayList<>();
    int interrupts;
    /** When set, every call is answered with it inside start(), as inline tasks are. */
    TaskResult answerAtOnce;

    @Override
    public CallHandle start(TaskRequest request, ResultSink sink) {
      requests.add(request);
      sinks.add(sink);
      if (answerAtOnce != null) {
        sink.complete(answerAtOnce);
        return CallHandle.DONE;
      }
      return () -> interrupts++;
    }
  }
}
