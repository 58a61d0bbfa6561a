package dev.echomesh.agent.liveness;

/** Why a received datagram was dropped. Each reason has its own counter. */
enum DropReason {
  /** Not a {@code Datagram}, too large, or an authenticated body that breaks the protocol rules. */
  MALFORMED,
  /** The HMAC is missing or does not verify under the mesh ping key: not from this mesh. */
  BAD_MAC,
  /** Authentic but too old: from an older incarnation, or sent too far from our wall clock. */
  STALE,
  /** Authentic but already seen, or too far behind the sender's newest sequence number. */
  REPLAYED,
  /** Our own datagram coming back (our broadcast is delivered to us too). Not an error. */
  OWN_ECHO
}
