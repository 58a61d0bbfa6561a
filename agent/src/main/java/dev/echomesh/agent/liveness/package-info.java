/**
 * UDP liveness: who is alive on the LAN, how far away, and who left.
 *
 * <p>Every node broadcasts a {@code Ping} on each selected interface every ping interval (and sends
 * it to static peers by unicast); every node answers each valid ping with a unicast {@code Pong}. A
 * ping carries the sender's node ID, incarnation, name, link port and MAC, so one valid ping is
 * enough to add an unknown member; a pong gives a round-trip sample. A clean stop sends an
 * authenticated {@code Leave}. The service ({@link dev.echomesh.agent.liveness.LivenessService})
 * reports what it hears to a {@link dev.echomesh.agent.liveness.LivenessListener}; the peer table
 * judges ALIVE, SUSPECT, DEAD and LEFT with the pure {@link
 * dev.echomesh.agent.liveness.FailureDetector}. The package knows node IDs and the mesh ping key,
 * but no peer table: it is a leaf, fed interfaces from above ({@link
 * dev.echomesh.agent.liveness.PingTargetSource}).
 *
 * <h2>Security of the datagrams</h2>
 *
 * <ul>
 *   <li><b>Protected: authenticity.</b> Each datagram carries HMAC-SHA256 of its body under the
 *       mesh ping key (derived from the mesh key); one without a valid MAC is dropped before its
 *       body is looked at, counted ({@code badMac}) and logged at a limited rate. A node outside
 *       the mesh can neither add a member, nor keep a dead one alive, nor make one leave.
 *   <li><b>Protected: freshness.</b> Per sender, the newest incarnation and a sliding window of
 *       sequence numbers accept each datagram at most once ({@code replayed}); an older incarnation
 *       is {@code stale}. Independently of any clock, a replayed ping is neither answered nor
 *       reported. A wall-clock bound (24 h by default, generous because LAN clocks disagree) limits
 *       what can be replayed to a receiver that restarted and so lost its sequence state: within
 *       the bound, recorded traffic of a node that died since could make it look alive to that
 *       receiver only, and only until it has seen the node's newer traffic. Pongs are fresh by
 *       construction: each must echo the sequence number and timestamp of a ping we sent.
 *   <li><b>Not protected: confidentiality.</b> Names, node IDs, link ports and MAC addresses go in
 *       clear text, as they do in mDNS; anyone on the LAN can read them.
 *   <li><b>Not protected: availability.</b> A flood of datagrams costs each receiver one HMAC per
 *       datagram (well under a microsecond) and is dropped, but can crowd out real ones; a member
 *       holding the mesh key is trusted not to lie about itself.
 *   <li>The source address of a datagram is not authenticated: a relayed genuine ping is reported
 *       with the relay's address the first time, like a spoofed source for any UDP protocol.
 * </ul>
 */
package dev.echomesh.agent.liveness;
