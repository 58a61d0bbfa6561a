package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.file.FileOffer;
import dev.echomesh.agent.task.file.FileMode;
import dev.echomesh.agent.task.file.InvalidNameException;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.Sha256;
import java.util.Objects;
import java.util.Optional;

/**
 * The header of a {@code file.put} payload.
 *
 * @param name where the file goes below the receiver's inbox
 * @param sizeBytes the file's whole size
 * @param mode its permission bits (0 to 07777; default 0644)
 * @param sha256 SHA-256 of the whole file; absent in a resume query, and in a put whose SHA-256
 *     follows its bytes as a trailer line (on the wire {@code "sha256Trailer": true}; see {@link
 *     #sha256Trailer()})
 * @param overwrite whether an existing file of that name may be replaced
 * @param resumeQuery true: no bytes follow; the answer is the receiver's resume point
 * @param offset where the bytes that follow start in the file: 0, or the length of the partial
 *     file a resume query reported
 */
public record PutHeader(RelativeName name, long sizeBytes, int mode, Optional<Sha256> sha256, boolean overwrite,
    boolean resumeQuery, long offset) {

  /** Largest size the header may declare (the receiver's own limit is usually lower). */
  public static final long MAX_SIZE_BYTES = 1L << 62;

  private static final String TRAILER_FIELD = "sha256Trailer";

  public PutHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
  }

  /**
   * Reads and checks {@code header}.
   *
   * @throws BadHeaderException for a missing or out-of-range field
   * @throws InvalidNameException for a name {@link RelativeName#parse} refuses
   */
  public static PutHeader parse(ObjectNode header) throws BadHeaderException, InvalidNameException {
    RelativeName name = RelativeName.parse(Fields.requiredText(header, "name"));
    long size = Fields.requiredLong(header, "size", 0, MAX_SIZE_BYTES);
    int mode = (int) Fields.longValue(header, "mode", FileMode.DEFAULT_FILE_MODE, 0, 07777);
    boolean resume = Fields.flag(header, "resume");
    boolean trailer = Fields.flag(header, TRAILER_FIELD);
    if (trailer && (resume || header.has("sha256"))) {
      throw new BadHeaderException("\"" + TRAILER_FIELD + "\": true goes with neither \"sha256\" nor \"resume\"");
    }
    Optional<Sha256> sha256 = (resume && !header.has("sha256")) || trailer
        ? Optional.empty()
        : Optional.of(Fields.sha256(header, "sha256"));
    long offset = Fields.longValue(header, "offset", 0, 0, size);
    if (resume && offset != 0) {
      throw new BadHeaderException("a resume query (\"resume\": true) carries no \"offset\"");
    }
    return new PutHeader(name, size, mode, sha256, Fields.flag(header, "overwrite"), resume, offset);
  }

  /** This header as JSON. */
  public ObjectNode toJson() {
    ObjectNode json = HeaderLine.object();
    json.put("name", name.toString());
    json.put("size", sizeBytes);
    json.put("mode", mode);
    sha256.ifPresent(s -> json.put("sha256", s.hex()));
    if (sha256Trailer()) {
      json.put(TRAILER_FIELD, true);
    }
    if (overwrite) {
      json.put("overwrite", true);
    }
    if (resumeQuery) {
      json.put("resume", true);
    }
    if (offset != 0) {
      json.put("offset", offset);
    }
    return json;
  }

  /**
   * Whether the file's SHA-256 follows its bytes: after exactly {@code sizeBytes - offset} bytes
   * comes one line {@code {"sha256": "<64 hex digits>"}} ({@link HeaderLine}), and nothing after
   * it. So a sender hashes the bytes as it sends them instead of reading the file once before.
   */
  public boolean sha256Trailer() {
    return !resumeQuery && sha256.isEmpty();
  }

  /** The offer this header makes, from {@code senderId}. */
  FileOffer offer(String senderId) {
    return new FileOffer(name, sizeBytes, mode, senderId, overwrite);
  }
}
