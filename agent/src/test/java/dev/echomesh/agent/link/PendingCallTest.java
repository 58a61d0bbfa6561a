package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestPeers;
import org.junit.jupiter.api.Test;

/** {@link PendingCall}'s claim for sending: a call that ended unsent can never be written afterwards. */
class PendingCallTest {

  private static PendingCall newCall() {
    return new PendingCall(TestPeers.nodeId("b"), "echo", new byte[0], new byte[] {1}, 1_000_000_000L, 0);
  }

  @Test
  void claimSend_afterTheCallEndedUnsent_isRefusedAndTheCallStaysNotSent() {
    PendingCall call = newCall();
    call.fail(TaskStatus.UNAVAILABLE, "no link within the link timeout");
    assertFalse(call.claimSend());
    assertEquals(Dispatch.NOT_SENT, call.dispatch());
  }

  @Test
  void claimSend_afterCancel_isRefused() {
    PendingCall call = newCall();
    call.cancel(false);
    assertFalse(call.claimSend());
    assertEquals(Dispatch.NOT_SENT, call.dispatch());
  }

  @Test
  void claimSend_beforeTheCallEnds_makesItSentWhateverEndsItLater() {
    PendingCall call = newCall();
    assertTrue(call.claimSend());
    call.fail(TaskStatus.UNAVAILABLE, "the link closed");
    assertEquals(Dispatch.SENT, call.dispatch());
  }

  @Test
  void claimSend_twice_isGrantedOnce() {
    PendingCall call = newCall();
    assertTrue(call.claimSend());
    assertFalse(call.claimSend());
    call.complete(TaskResult.ok(new byte[0]));
    assertEquals(Dispatch.SENT, call.dispatch());
  }
}
