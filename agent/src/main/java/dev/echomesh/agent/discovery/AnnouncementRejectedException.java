package dev.echomesh.agent.discovery;

/** An mDNS record this node will not turn into an {@link Announcement}, and why. */
final class AnnouncementRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a record was rejected. */
  enum Reason {
    /** Not resolved yet: no TXT or no address. jmdns first resolves without TXT; wait. */
    INCOMPLETE,
    /** Broken or missing fields: the sender is buggy or hostile. Logged and dropped. */
    MALFORMED,
    /** A protocol version this node does not speak. */
    INCOMPATIBLE_VERSION
  }

  private final Reason reason;

  AnnouncementRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
