package dev.echomesh.agent.control;

import dev.echomesh.agent.peers.Peer;
import java.io.IOException;
import java.util.List;

/** A stream of peer table changes from the agent ({@code echomesh peers --watch}). */
public interface PeerWatch extends AutoCloseable {

  /**
   * One message of the stream.
   *
   * @param snapshot true for the first update, which holds every known peer; false for later ones,
   *     which hold only the peers that changed, each in its latest state
   * @param peers the peers
   * @param removed peers that left the table (expired or forgotten), each as it was last; always
   *     empty in a snapshot
   */
  record Update(boolean snapshot, List<Peer> peers, List<Peer> removed) {
    public Update {
      peers = List.copyOf(peers);
      removed = List.copyOf(removed);
    }

    /** An update with no removals. */
    public Update(boolean snapshot, List<Peer> peers) {
      this(snapshot, peers, List.of());
    }
  }

  /**
   * Blocks until the next update.
   *
   * @return the update, or null when the agent ended the stream (it stopped)
   * @throws ControlException PROTOCOL when the agent went silent or sent something unexpected
   */
  Update next() throws IOException;

  @Override
  void close();
}
