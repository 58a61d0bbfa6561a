package dev.echomesh.agent.task.transfer;

/** Told how many bytes of a file were just read for sending (from the sending thread). */
@FunctionalInterface
public interface SendProgress {

  /** Tells nobody. */
  SendProgress NONE = bytes -> { };

  void sent(long bytes);
}
