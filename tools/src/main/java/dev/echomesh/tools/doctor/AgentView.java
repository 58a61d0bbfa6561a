package dev.echomesh.tools.doctor;

import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.peers.Peer;
import java.util.List;
import java.util.Objects;

/**
 * What the running agent says, through the local API: its status and its peers.
 *
 * @param status {@code GET /v1/status}
 * @param peers {@code GET /v1/peers}
 */
record AgentView(AgentStatus status, List<Peer> peers) {

  AgentView {
    Objects.requireNonNull(status, "status");
    peers = List.copyOf(peers);
  }
}
