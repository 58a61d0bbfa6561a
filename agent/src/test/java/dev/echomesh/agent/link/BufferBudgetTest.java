package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BufferBudgetTest {

  @Test
  void tryReserve_upToTheLimit_succeeds_pastIt_failsWithoutReserving() {
    BufferBudget budget = new BufferBudget(100, null);
    assertTrue(budget.tryReserve(60));
    assertTrue(budget.tryReserve(40));
    assertFalse(budget.tryReserve(1));
    assertEquals(100, budget.used());
  }

  @Test
  void tryReserve_parentFull_failsAndLeavesTheChildUntouched() {
    BufferBudget agent = new BufferBudget(100, null);
    BufferBudget linkA = new BufferBudget(80, agent);
    BufferBudget linkB = new BufferBudget(80, agent);
    assertTrue(linkA.tryReserve(80));
    assertFalse(linkB.tryReserve(30));
    assertEquals(0, linkB.used());
    assertTrue(linkB.tryReserve(20));
    assertEquals(100, agent.used());
  }

  @Test
  void release_givesBackToTheParentToo() {
    BufferBudget agent = new BufferBudget(100, null);
    BufferBudget link = new BufferBudget(100, agent);
    link.tryReserve(70);
    link.release(70);
    assertEquals(0, link.used());
    assertEquals(0, agent.used());
  }

  @Test
  void release_moreThanReserved_isAnError() {
    BufferBudget budget = new BufferBudget(100, null);
    budget.tryReserve(10);
    assertThrows(IllegalStateException.class, () -> budget.release(11));
    assertEquals(10, budget.used());
  }
}
