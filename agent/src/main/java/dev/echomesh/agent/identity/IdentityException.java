package dev.echomesh.agent.identity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An identity could not be made, stored or loaded. The message is one line that says what is
 * wrong and what to do; {@link #reason()} and {@link #file()} let a caller act on it (the CLI
 * maps reasons to exit codes). Messages never contain keys or join codes.
 */
public final class IdentityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The data directory has no mesh key: {@code echomesh init} or {@code join} was not run. */
    NO_MESH_KEY,
    /** {@code init} would replace an existing mesh key, and force was not given. */
    MESH_KEY_EXISTS,
    /** {@code join} would replace a different mesh key, and force was not given. */
    DIFFERENT_MESH_KEY,
    /** A key or certificate file exists but cannot be understood. */
    CORRUPT_FILE,
    /** A secret file is readable or writable by group or others: refused, like ssh does. */
    INSECURE_PERMISSIONS,
    /** Certificate, key and CA files do not fit together (wrong key, other CA, expired). */
    CREDENTIALS_MISMATCH,
    /** A file or directory could not be read or written. */
    IO_ERROR
  }

  private final Reason reason;
  private final Path file;

  IdentityException(Reason reason, Path file, String message) {
    this(reason, file, message, null);
  }

  IdentityException(Reason reason, Path file, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.file = file;
  }

  public Reason reason() {
    return reason;
  }

  /** The file or directory concerned. */
  public Path file() {
    return file;
  }
}
