package dev.echomesh.tools;

import dev.echomesh.agent.peers.Peer;
import java.util.Objects;

/**
 * What {@code echomesh peers --watch} counts as a change of a peer: everything a person would act
 * on (it appeared, its state, name, addresses, interface, MAC or ports changed, it restarted), and
 * not the figures every ping moves (round trip, loss, last seen), which would print several lines
 * a second for a quiet mesh.
 */
final class PeerChanges {

  private PeerChanges() {}

  /** True when {@code after} differs from {@code before} in a way worth showing; null = new peer. */
  static boolean differs(Peer before, Peer after) {
    if (before == null) {
      return true;
    }
    return before.state() != after.state()
        || before.incarnation() != after.incarnation()
        || before.macMismatch() != after.macMismatch()
        || before.linkPort() != after.linkPort()
        || before.udpPort() != after.udpPort()
        || !Objects.equals(before.name(), after.name())
        || !Objects.equals(before.addresses(), after.addresses())
        || !Objects.equals(before.interfaceName(), after.interfaceName())
        || !Objects.equals(before.mac(), after.mac());
  }
}
