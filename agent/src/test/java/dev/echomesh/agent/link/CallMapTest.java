package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class CallMapTest {

  @Test
  void putGetRemove_sequentialIds_eachFoundUnderItsOwnId() {
    CallMap<String> calls = new CallMap<>();
    for (long id = 1; id <= 1000; id++) {
      calls.put(id, "call " + id);
    }
    assertEquals(1000, calls.size());
    for (long id = 1; id <= 1000; id += 2) {
      assertEquals("call " + id, calls.remove(id));
    }
    for (long id = 1; id <= 1000; id++) {
      if (id % 2 == 1) {
        assertNull(calls.get(id));
        assertFalse(calls.containsKey(id));
      } else {
        assertEquals("call " + id, calls.get(id));
      }
    }
    assertEquals(500, calls.size());
    assertEquals(500, new HashSet<>(calls.values()).size());
  }

  @Test
  void put_extremeIds_doNotCollide() {
    CallMap<String> calls = new CallMap<>();
    calls.put(0, "zero");
    calls.put(Long.MAX_VALUE, "max");
    calls.put(-1, "minus one");
    assertEquals("zero", calls.get(0));
    assertEquals("max", calls.get(Long.MAX_VALUE));
    assertEquals("minus one", calls.get(-1));
    calls.clear();
    assertTrue(calls.isEmpty());
  }
}
