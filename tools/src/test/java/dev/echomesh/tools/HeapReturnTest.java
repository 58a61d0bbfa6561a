package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapReturnTest {

  private static final long MIB = 1024 * 1024;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong committed = new AtomicLong(10 * MIB);
  private final AtomicLong afterCollection = new AtomicLong(10 * MIB);
  private final AtomicInteger collections = new AtomicInteger();
  private final HeapReturn heapReturn = new HeapReturn(committed::get, () -> {
    collections.incrementAndGet();
    committed.set(afterCollection.get());
  });

  @Test
  void check_heapNearItsLowest_asksForNothing() {
    heapReturn.check(0);
    committed.set(30 * MIB);

    assertFalse(heapReturn.check(10 * SECOND));
    assertEquals(0, collections.get());
  }

  @Test
  void check_heapGrownByTheThreshold_asksForOneCollection() {
    heapReturn.check(0);
    committed.set(10 * MIB + HeapReturn.GROWTH_BYTES);

    assertTrue(heapReturn.check(10 * SECOND));
    assertEquals(1, collections.get());
    assertEquals(10 * MIB, committed.get());
  }

  @Test
  void check_collectionsGiveNothingBack_theSecondWaitsTheGapAndTheThirdTwiceIt() {
    heapReturn.check(0);
    committed.set(200 * MIB);
    afterCollection.set(200 * MIB);
    long gap = HeapReturn.MIN_GAP.toNanos();
    long first = 10 * SECOND;

    assertTrue(heapReturn.check(first));
    assertFalse(heapReturn.check(first + gap - 1));
    assertTrue(heapReturn.check(first + gap));
    assertFalse(heapReturn.check(first + gap + 2 * gap - 1));
    assertTrue(heapReturn.check(first + 3 * gap));
    assertEquals(3, collections.get());
  }

  @Test
  void check_collectionGaveBack_nextBurstCollectedAfterTheMinimumGap() {
    heapReturn.check(0);
    committed.set(100 * MIB);
    assertTrue(heapReturn.check(10 * SECOND));
    committed.set(100 * MIB);

    assertFalse(heapReturn.check(10 * SECOND + HeapReturn.MIN_GAP.toNanos() - 1));
    assertTrue(heapReturn.check(10 * SECOND + HeapReturn.MIN_GAP.toNanos()));
  }
}
