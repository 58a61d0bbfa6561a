package dev.echomesh.agent.control;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The control server's one listener on the agent's peer table: hands each change to every current
 * watcher. (The agent has no way to remove a listener, so watchers come and go here.) Never blocks
 * the thread that changed the table.
 */
final class PeerFanout implements PeerListener {

  private final Set<PeerChanges> watchers = new CopyOnWriteArraySet<>();

  @Override
  public void peerChanged(Peer before, Peer after) {
    for (PeerChanges watcher : watchers) {
      watcher.offer(after);
    }
  }

  void subscribe(PeerChanges watcher) {
    watchers.add(watcher);
  }

  void unsubscribe(PeerChanges watcher) {
    watchers.remove(watcher);
  }
}
