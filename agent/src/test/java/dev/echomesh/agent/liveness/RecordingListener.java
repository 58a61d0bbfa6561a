package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions from the test thread. */
final class RecordingListener implements LivenessListener {

  final List<HeardFrom> heard = new CopyOnWriteArrayList<>();
  final List<RoundTrip> roundTrips = new CopyOnWriteArrayList<>();
  final List<Left> lefts = new CopyOnWriteArrayList<>();

  @Override
  public void heardFrom(HeardFrom event) {
    heard.add(event);
  }

  @Override
  public void roundTrip(RoundTrip event) {
    roundTrips.add(event);
  }

  @Override
  public void left(Left event) {
    lefts.add(event);
  }

  boolean heardFrom(NodeId id) {
    return heard.stream().anyMatch(e -> e.id().equals(id));
  }

  boolean measured(NodeId id) {
    return roundTrips.stream().anyMatch(e -> e.id().equals(id));
  }

  boolean sawLeave(NodeId id) {
    return lefts.stream().anyMatch(e -> e.id().equals(id));
  }

  int events() {
    return heard.size() + roundTrips.size() + lefts.size();
  }
}
