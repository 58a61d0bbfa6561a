package dev.echomesh.agent.link;

/**
 * Why this node refused a connection it accepted before the connection became a link: each kind
 * is counted in {@link LinkStats#refusals} and logged at most once a minute, with what an operator
 * can do about it. Links that fail later (bad frames, idle, peer gone) are not refusals.
 */
public enum Refusal {

  /** More connections than {@link LinkConfig#MAX_PENDING_CONNECTIONS} were waiting for their handshake. */
  PENDING_LIMIT(
      "too many were waiting for their TLS handshake and Hello",
      "a flood from several hosts, or a mesh larger than link.max-pending-connections allows at once;"
          + " links already up are not affected"),
  /** One source address had {@link LinkConfig#MAX_PENDING_PER_ADDRESS} connections waiting already. */
  PENDING_LIMIT_PER_ADDRESS(
      "one address had too many waiting for their TLS handshake and Hello",
      "the host at the address in this line floods the link port; links already up are not affected"),
  /** No TLS handshake and Hello within {@link LinkConfig#HANDSHAKE_TIMEOUT}. */
  HANDSHAKE_TIMEOUT(
      "no TLS handshake and Hello within link.handshake-timeout",
      "an idle or very slow client (a port scan, a stalled host); members handshake in milliseconds"),
  /** The client did not speak TLS (a plaintext client, junk bytes). */
  NOT_TLS(
      "not TLS",
      "another program connects to the link port (a port scan, a web browser, a misconfigured client)"),
  /** The TLS handshake failed for another reason than the certificate (protocol, cipher, alert). */
  TLS_FAILED(
      "the TLS handshake failed",
      "a TLS client that is not an echomesh agent, or a connection cut mid-handshake"),
  /** The client presented no certificate, or one not signed by this mesh's CA (another mesh, self-signed). */
  NOT_A_MEMBER(
      "no certificate, or one not signed by this mesh's CA",
      "a node of another mesh (its operator has the wrong join code, mesh key or CA), or an intruder;"
          + " nothing was accepted"),
  /** The certified node is on the deny list. */
  DENIED_NODE(
      "from a node on the deny list",
      "a revoked member still tries to link; remove it from the network, or allow it again"),
  /** The connection came from this node itself. */
  SELF(
      "from this node itself",
      "remove this node's own address from its static peers (link.peers)"),
  /** The member's Hello was missing, malformed, or claimed another node ID. */
  BAD_HELLO(
      "no valid Hello",
      "a member running a broken version, or an impostor; compare the agent versions"),
  /** The member speaks no protocol version this agent speaks ({@link PeerProtocol}). */
  PROTOCOL_VERSION(
      "a member speaks no link protocol version this agent speaks",
      "upgrade the agent this line names (the older one); until then the two nodes cannot call each other"),
  /** The peer sent GoAway during the handshake: it refused the link itself (its log says why). */
  PEER_REFUSED(
      "the peer itself refused the link during the handshake",
      "read the peer's log for its reason"),
  /** The client closed the connection before the TLS handshake (a port probe): counted, logged at debug. */
  ABANDONED(
      "closed by the client before the TLS handshake (port probes)",
      "nothing: port scanners and health checks do this");

  private final String what;
  private final String advice;

  Refusal(String what, String advice) {
    this.what = what;
    this.advice = advice;
  }

  /** What was wrong with the refused connections, to follow "Refused N incoming connection(s): ". */
  public String what() {
    return what;
  }

  /** What an operator should check or do. */
  public String advice() {
    return advice;
  }
}
