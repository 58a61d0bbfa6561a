package dev.echomesh.it.mesh;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.PeerWatch;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every state one agent reports for one peer, in order, through the watch stream of its
 * control socket (the stream {@code echomesh peers --watch} reads), so a test sees short-lived
 * states such as SUSPECT that polling could miss.
 */
final class PeerStateRecorder implements AutoCloseable {

  private final NodeId watched;
  private final PeerWatch watch;
  private final Thread reader;
  private final List<PeerState> states = new ArrayList<>();

  private PeerStateRecorder(NodeId watched, PeerWatch watch) {
    this.watched = watched;
    this.watch = watch;
    this.reader = new Thread(this::read, "peer-state-recorder");
    this.reader.setDaemon(true);
  }

  /** Starts recording what {@code observer} says about {@code watched}. */
  static PeerStateRecorder start(LanAgent observer, LanAgent watched) throws IOException {
    PeerStateRecorder recorder =
        new PeerStateRecorder(watched.nodeId(), ControlClient.connect(observer.dataDir()).watchPeers());
    recorder.reader.start();
    return recorder;
  }

  /** The states recorded so far, consecutive repeats folded. */
  synchronized List<PeerState> states() {
    return List.copyOf(states);
  }

  private void read() {
    try {
      for (PeerWatch.Update update = watch.next(); update != null; update = watch.next()) {
        for (Peer peer : update.peers()) {
          if (peer.id().equals(watched)) {
            add(peer.state());
          }
        }
      }
    } catch (IOException e) {
      // The stream ended: the test closed it, or the agent stopped.
    }
  }

  private synchronized void add(PeerState state) {
    if (states.isEmpty() || states.get(states.size() - 1) != state) {
      states.add(state);
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
