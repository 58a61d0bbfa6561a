package dev.echomesh.agent.task.file;

/**
 * A file name that is not an acceptable {@link RelativeName}: the transfer is refused before
 * anything touches the disk. The task layer reports it as INVALID.
 */
public final class InvalidNameException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  /** Why a name was refused. */
  public enum Reason {
    /** The name is the empty string. */
    EMPTY,
    /** The name starts with '/'. */
    ABSOLUTE,
    /** A segment is empty: "a//b", a trailing '/'. */
    EMPTY_SEGMENT,
    /** A segment is ".". */
    DOT_SEGMENT,
    /** A segment is "..". */
    DOT_DOT_SEGMENT,
    /**
     * A C0 or C1 control character (NUL included), DEL, a line or paragraph separator, or a
     * bidirectional formatting character (which makes a listed name read as another).
     */
    CONTROL_CHARACTER,
    /** A backslash: a separator on Windows peers, so ambiguous; refused everywhere. */
    BACKSLASH,
    /** An unpaired UTF-16 surrogate: the name has no UTF-8 form. */
    MALFORMED_UNICODE,
    /** Longer than {@link RelativeName#MAX_NAME_BYTES} in UTF-8. */
    TOO_LONG,
    /** A segment longer than {@link RelativeName#MAX_SEGMENT_BYTES} in UTF-8. */
    SEGMENT_TOO_LONG,
    /** More than {@link RelativeName#MAX_DEPTH} segments. */
    TOO_DEEP,
    /** The last segment has the form of a partial-transfer file ({@code .name.<key>.part}). */
    RESERVED,
    /** This machine's file system encoding cannot represent the name. */
    UNREPRESENTABLE
  }

  private final String name;
  private final Reason reason;

  InvalidNameException(String name, Reason reason, String detail) {
    super("invalid file name " + Printable.quote(name) + ": " + detail);
    this.name = name;
    this.reason = reason;
  }

  /** The refused name exactly as given (it may contain anything; quote it before printing). */
  public String name() {
    return name;
  }

  public Reason reason() {
    return reason;
  }
}
