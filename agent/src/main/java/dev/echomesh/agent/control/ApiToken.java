package dev.echomesh.agent.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret that opens the local API's TCP listener (Syncthing's API-key model): 32 random bytes
 * as URL-safe base64, made on first use and kept in {@value #FILE_NAME} in the data directory,
 * readable by the owner only (0600). Requests carry it as {@code Authorization: Bearer TOKEN} or
 * {@code X-API-Key: TOKEN}. The Unix socket needs no token: its file permission is the check.
 */
public final class ApiToken {

  /** The token file's name in the data directory. */
  public static final String FILE_NAME = "api-token";

  private static final int RANDOM_BYTES = 32;
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final String value;

  private ApiToken(String value) {
    this.value = value;
  }

  /**
   * The token in {@code dataDir}, made (owner-only) when there is none yet.
   *
   * @throws IOException when the file cannot be read or written, or holds no valid token (the
   *     message names the file and the fix)
   */
  public static ApiToken loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      try {
        create(file);
      } catch (FileAlreadyExistsException raced) {
        // another process made it first: read theirs
      }
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (!FORM.matcher(text).matches()) {
      throw new IOException(
          file + " holds no valid API token; delete it and restart the agent to make a new one");
    }
    return new ApiToken(text);
  }

  private static void create(Path file) throws IOException {
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp", attributes);
    try {
      Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      Files.createLink(file, temporary); // fails when the file exists: first writer wins
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The token's text; a secret: never log it. */
  public String value() {
    return value;
  }

  /** Whether {@code candidate} is this token, compared in constant time. */
  boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.US_ASCII), candidate.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiToken token && token.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }
}
