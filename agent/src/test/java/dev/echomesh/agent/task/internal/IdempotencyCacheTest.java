package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {

  private static final NodeId ALICE = TestPeers.nodeId("alice");
  private static final NodeId BOB = TestPeers.nodeId("bob");
  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final FakeTicker ticker = new FakeTicker();

  private static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static IdempotencyCache.Entry<String> runAndFinish(IdempotencyCache<String> cache, NodeId caller,
      String key, TaskResult result, long nowNanos) {
    IdempotencyCache.Claim<String> claim = cache.claim(caller, key(key), nowNanos, () -> "run-" + key);
    IdempotencyCache.Entry<String> entry = assertInstanceOf(IdempotencyCache.Claim.Fresh.class, claim).entry();
    cache.finish(entry, result, nowNanos);
    return entry;
  }

  @Test
  void claim_newKey_isFreshWithTheNewRun() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    var claim = cache.claim(ALICE, key("k"), ticker.read(), () -> "run-1");
    assertEquals("run-1", assertInstanceOf(IdempotencyCache.Claim.Fresh.class, claim).run());
    assertEquals(1, cache.size());
  }

  @Test
  void claim_keyStillRunning_returnsTheSameRun() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    cache.claim(ALICE, key("k"), ticker.read(), () -> "run-1");
    var again = cache.claim(ALICE, key("k"), ticker.read(), () -> "run-2");
    assertEquals("run-1", assertInstanceOf(IdempotencyCache.Claim.Running.class, again).run());
  }

  @Test
  void claim_finishedKeyWithinWindow_returnsTheRememberedResult() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    TaskResult ok = TaskResult.ok(key("done"));
    runAndFinish(cache, ALICE, "k", ok, ticker.read());
    ticker.advance(WINDOW.minusNanos(1));
    var again = cache.claim(ALICE, key("k"), ticker.read(), () -> "run-2");
    assertSame(ok, assertInstanceOf(IdempotencyCache.Claim.Remembered.class, again).result());
  }

  @Test
  void claim_finishedKeyAfterWindow_isFreshAgain() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    runAndFinish(cache, ALICE, "k", TaskResult.ok(key("done")), ticker.read());
    ticker.advance(WINDOW);
    assertInstanceOf(IdempotencyCache.Claim.Fresh.class, cache.claim(ALICE, key("k"), ticker.read(), () -> "r"));
    assertEquals(0, cache.resultBytes());
  }

  @Test
  void claim_sameKeyFromAnotherCaller_doesNotSeeTheFirstCallersResult() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    runAndFinish(cache, ALICE, "k", TaskResult.ok(key("alice's")), ticker.read());
    assertInstanceOf(IdempotencyCache.Claim.Fresh.class, cache.claim(BOB, key("k"), ticker.read(), () -> "r"));
  }

  @Test
  void claim_keyArrayChangedAfterwards_stillFindsTheKey() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    byte[] k = key("k");
    cache.claim(ALICE, k, ticker.read(), () -> "run-1");
    k[0] = 'x';
    assertInstanceOf(IdempotencyCache.Claim.Running.class, cache.claim(ALICE, key("k"), ticker.read(), () -> "r"));
  }

  @Test
  void claim_pastMaxEntries_isFullUntilTheOldestExpires() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 2, 1000);
    runAndFinish(cache, ALICE, "a", TaskResult.ok(new byte[0]), ticker.read());
    ticker.advance(Duration.ofSeconds(1));
    cache.claim(ALICE, key("b"), ticker.read(), () -> "running");
    assertEquals(2, assertInstanceOf(IdempotencyCache.Claim.Full.class,
        cache.claim(ALICE, key("c"), ticker.read(), () -> "r")).maxEntries());
    ticker.advance(WINDOW);
    assertInstanceOf(IdempotencyCache.Claim.Fresh.class, cache.claim(ALICE, key("c"), ticker.read(), () -> "r"));
    // the running key never expires
    assertInstanceOf(IdempotencyCache.Claim.Running.class, cache.claim(ALICE, key("b"), ticker.read(), () -> "r"));
  }

  @Test
  void finish_pastMaxBytes_oldestResultLosesItsPayloadButKeepsItsKey() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 100);
    runAndFinish(cache, ALICE, "old", TaskResult.ok(new byte[60]), ticker.read());
    TaskResult recent = TaskResult.ok(new byte[60]);
    runAndFinish(cache, ALICE, "new", recent, ticker.read());

    var old = cache.claim(ALICE, key("old"), ticker.read(), () -> "r");
    TaskResult shed = assertInstanceOf(IdempotencyCache.Claim.Remembered.class, old).result();
    assertEquals(TaskStatus.FAILED, shed.status());
    assertEquals(0, shed.payload().length);
    var kept = cache.claim(ALICE, key("new"), ticker.read(), () -> "r");
    assertArrayEquals(recent.payload(),
        assertInstanceOf(IdempotencyCache.Claim.Remembered.class, kept).result().payload());
    assertEquals(60, cache.resultBytes());
  }

  @Test
  void abandon_runningKey_isFreshAgain() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(WINDOW, 10, 1000);
    var claim = cache.claim(ALICE, key("k"), ticker.read(), () -> "run-1");
    cache.abandon(assertInstanceOf(IdempotencyCache.Claim.Fresh.class, claim).entry());
    assertInstanceOf(IdempotencyCache.Claim.Fresh.class, cache.claim(ALICE, key("k"), ticker.read(), () -> "r"));
  }

  @Test
  void constructor_zeroWindow_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new IdempotencyCache<String>(Duration.ZERO, 10, 0));
  }
}
