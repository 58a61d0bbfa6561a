package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The peer changes one watcher has not been sent yet, coalesced by node ID: a peer that changed ten
 * times since the last send is sent once, in its latest state. So the backlog never holds more than
 * one entry per peer however slow the watcher, and {@link #offer} never blocks.
 */
final class PeerChanges {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<NodeId, Peer> pending = new LinkedHashMap<>();
  private boolean closed;

  /** Records a change; returns at once. */
  void offer(Peer peer) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      pending.remove(peer.id()); // keep the order of the latest changes
      pending.put(peer.id(), peer);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code maxWait} for changes and takes them all.
   *
   * @return the changed peers, oldest change first; empty when none came in time or when closed
   */
  List<Peer> take(Duration maxWait) throws InterruptedException {
    lock.lock();
    try {
      long nanos = maxWait.toNanos();
      while (pending.isEmpty() && !closed && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      List<Peer> taken = new ArrayList<>(pending.values());
      pending.clear();
      return taken;
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a waiting {@link #take} and drops further offers. */
  void close() {
    lock.lock();
    try {
      closed = true;
      pending.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
