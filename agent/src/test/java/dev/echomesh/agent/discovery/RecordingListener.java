package dev.echomesh.agent.discovery;

import dev.echomesh.agent.identity.NodeId;
import java.util.ArrayList;
import java.util.List;

/** Records listener calls as text, in order; thread-safe. */
final class RecordingListener implements DiscoveryListener {

  private final List<Object> calls = new ArrayList<>();

  @Override
  public synchronized void announced(Announcement announcement) {
    calls.add(announcement);
  }

  @Override
  public synchronized void goodbye(NodeId nodeId) {
    calls.add("goodbye " + nodeId.shortForm());
  }

  /** Announcements and "goodbye SHORTID" strings, in arrival order. */
  synchronized List<Object> calls() {
    return List.copyOf(calls);
  }
}
