package dev.echomesh.agent.link;

/**
 * What a link may speak with a peer, judged from the peer's Hello: the protocol version both
 * sides speak, and the largest frame this node may send it. A pure function of the two Hellos'
 * numbers, so each side of a link reaches the same verdict and names the same side to upgrade.
 *
 * <p>Versions: a Hello states the newest version its sender speaks and, since this field
 * exists, the oldest one it still speaks (not stated = only the newest). The link speaks the
 * newest version both speak. When there is none, the older side must be upgraded: either the
 * peer needs a version newer than this build knows ({@link Upgrade#THIS_AGENT}), or this build no
 * longer speaks a version as old as the peer's ({@link Upgrade#PEER}).
 *
 * <p>Frame limits: each side sends frames no larger than the smaller of its own limit and the
 * one the peer announced; a Hello that states none comes from a build that predates the field,
 * when every member shared {@link #UNSTATED_FRAME_LIMIT_BYTES}.
 */
final class PeerProtocol {

  /** The newest protocol version this build speaks (Hello.protocol_version). */
  static final int NEWEST_VERSION = 1;
  /** The oldest protocol version this build still speaks (Hello.min_protocol_version). */
  static final int OLDEST_VERSION = 1;
  /**
   * 16 MiB: the frame limit of a peer whose Hello states none. Builds before
   * Hello.max_frame_bytes all used link.max-frame-bytes' default, which members had to share.
   */
  static final long UNSTATED_FRAME_LIMIT_BYTES = 16L * 1024 * 1024;
  /**
   * 64 KiB: the smallest frame limit a peer may announce (link.max-frame-bytes' minimum): every
   * frame that is not a payload (a Result with its longest message, a Chunk's overhead) fits.
   */
  static final long MIN_PEER_FRAME_LIMIT_BYTES = 64 * 1024;

  private PeerProtocol() {}

  /** Which side of a refused link must be upgraded. */
  enum Upgrade {
    /** The peer speaks only versions newer than this build knows. */
    THIS_AGENT,
    /** The peer speaks only versions older than this build still speaks. */
    PEER
  }

  /** The outcome of {@link #judge}: exactly one of its subtypes. */
  sealed interface Verdict {}

  /**
   * The link may open.
   *
   * @param version the protocol version both sides speak on it
   * @param sendFrameLimitBytes the largest frame this node may send the peer
   */
  record Agreed(int version, int sendFrameLimitBytes) implements Verdict {}

  /**
   * The versions have nothing in common.
   *
   * @param upgrade the side that must be upgraded
   * @param peerVersions the peer's versions, as text ("2" or "2 to 3")
   * @param ourVersions this build's versions, as text
   */
  record Incompatible(Upgrade upgrade, String peerVersions, String ourVersions) implements Verdict {

    /** For this node's log: what happened and which side to upgrade. */
    String reason(String peerAgentVersion, String ourAgentVersion) {
      return "it speaks link protocol version " + peerVersions + " (agent " + describe(peerAgentVersion)
          + ") and this agent " + ourVersions + " (agent "
          + describe(ourAgentVersion) + "): upgrade " + (upgrade == Upgrade.THIS_AGENT ? "this agent" : "the peer");
    }

    /** For the GoAway to the peer: the same, from the peer's side. */
    String goAwayReason(String peerAgentVersion, String ourAgentVersion) {
      return "protocol version mismatch: you speak link protocol version " + peerVersions + " (agent "
          + describe(peerAgentVersion) + ") and this node " + ourVersions
          + " (agent " + describe(ourAgentVersion) + "): upgrade "
          + (upgrade == Upgrade.THIS_AGENT ? "this node" : "your agent");
    }
  }

  /** The Hello is not one a link can open with: {@code reason} says why. */
  record Malformed(String reason) implements Verdict {}

  /**
   * Judges a peer's Hello against this build's versions and frame limit.
   *
   * @param ownFrameLimitBytes this node's link.max-frame-bytes
   */
  static Verdict judge(LinkMessage.Hello peer, int ownFrameLimitBytes) {
    return judge(peer, OLDEST_VERSION, NEWEST_VERSION, ownFrameLimitBytes);
  }

  /** {@link #judge(LinkMessage.Hello, int)} for a build speaking {@code oldest} to {@code newest}. */
  static Verdict judge(LinkMessage.Hello peer, long oldest, long newest, int ownFrameLimitBytes) {
    long peerNewest = Integer.toUnsignedLong(peer.protocolVersion());
    long peerOldest = peer.minProtocolVersion() == 0 ? peerNewest : Integer.toUnsignedLong(peer.minProtocolVersion());
    if (peerNewest == 0) {
      return new Malformed("its Hello states no protocol version");
    }
    if (peerOldest > peerNewest) {
      return new Malformed("its Hello states an oldest protocol version (" + peerOldest + ") newer than its newest ("
          + peerNewest + ")");
    }
    long peerLimit = peerFrameLimitBytes(peer);
    if (peerLimit < MIN_PEER_FRAME_LIMIT_BYTES) {
      return new Malformed("it announces a frame limit of " + peerLimit + " bytes, under the smallest a link allows ("
          + MIN_PEER_FRAME_LIMIT_BYTES + ")");
    }
    if (peerOldest > newest) {
      return new Incompatible(Upgrade.THIS_AGENT, versions(peerOldest, peerNewest), versions(oldest, newest));
    }
    if (peerNewest < oldest) {
      return new Incompatible(Upgrade.PEER, versions(peerOldest, peerNewest), versions(oldest, newest));
    }
    return new Agreed((int) Math.min(newest, peerNewest), (int) Math.min(ownFrameLimitBytes, peerLimit));
  }

  /** The frame limit {@code hello}'s sender accepts: the one it states, or the unstated default. */
  static long peerFrameLimitBytes(LinkMessage.Hello hello) {
    return hello.maxFrameBytes() == 0 ? UNSTATED_FRAME_LIMIT_BYTES : Integer.toUnsignedLong(hello.maxFrameBytes());
  }

  private static String versions(long oldest, long newest) {
    return oldest == newest ? Long.toString(newest) : oldest + " to " + newest;
  }

  private static String describe(String agentVersion) {
    return agentVersion.isEmpty() ? "version not stated" : agentVersion;
  }
}
