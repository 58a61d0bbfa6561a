package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.RunningSha256;
import dev.echomesh.agent.task.file.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's side of {@code file.put}: asks the receiver where its partial file stops (for files
 * larger than {@link #RESUME_QUERY_MIN_BYTES}), checks the last window of that prefix against its
 * own bytes, and sends the rest (or everything when the window differs), hashing the bytes as it
 * sends them: the SHA-256 of the whole file follows them as a trailer ({@link PutPayload}), so the
 * file is read once, not once to hash and once to send.
 */
public final class FileSender {

  /** Smaller files are sent whole at once, without a resume query (one call per file). */
  public static final long RESUME_QUERY_MIN_BYTES = 1L << 20;

  private final StreamCaller caller;

  public FileSender(StreamCaller caller) {
    this.caller = caller;
  }

  /**
   * Sends {@code source} as {@code name}.
   *
   * @param progress told of every chunk of bytes sent; may be {@link SendProgress#NONE}
   * @return the outcome: OK with the receiver's answer, or the refusal; either way where the
   *     receiver's partial file let this send start and how many bytes it sent
   */
  public SendOutcome send(FileSource source, RelativeName name, boolean overwrite, SendProgress progress)
      throws IOException {
    long size = source.entry().sizeBytes();
    long offset = 0;
    if (size >= RESUME_QUERY_MIN_BYTES) {
      PutHeader query = new PutHeader(name, size, source.entry().mode(), Optional.empty(), overwrite, true, 0);
      ObjectNode point;
      try (StreamedResult result = caller.call(FilePutTask.NAME, new ByteArrayInputStream(HeaderLine.bytes(query.toJson())))) {
        if (!result.isOk()) {
          return SendOutcome.refused(result.status(), result.message(), 0, 0);
        }
        point = HeaderLine.read(result.payload());
      }
      offset = agreedOffset(source, point, size);
    }
    PutHeader put = new PutHeader(name, size, source.entry().mode(), Optional.empty(), overwrite, false, offset);
    RunningSha256 sha256 = source.runningSha256(offset); // the kept prefix is read once more, here only
    source.position(offset);
    AtomicLong sent = new AtomicLong(); // read on the caller's stream thread
    SendProgress counted = bytes -> {
      sent.addAndGet(bytes);
      progress.sent(bytes);
    };
    PutPayload payload = new PutPayload(put, source, sha256, counted);
    try (StreamedResult result = caller.call(FilePutTask.NAME, payload)) {
      if (!result.isOk()) {
        return SendOutcome.refused(result.status(), result.message(), offset, sent.get());
      }
      ObjectNode answer = HeaderLine.read(result.payload());
      Sha256 sent256 = payload.sha256().orElseThrow(
          () -> new IOException("the receiver answered before the whole file was sent"));
      Sha256 received = Fields.sha256(answer, "sha256");
      if (!received.equals(sent256)) { // the receiver verified against our trailer; this is a cross-check
        throw new IOException("the receiver stored SHA-256 " + received + ", not the " + sent256 + " sent");
      }
      return SendOutcome.sent(sent256, size, offset, sent.get());
    }
  }

  /** Where to continue: the receiver's length when its last window matches ours, else 0. */
  static long agreedOffset(FileSource source, ObjectNode point, long size) throws IOException {
    long length = Fields.requiredLong(point, "length", 0, size);
    if (length == 0) {
      return 0;
    }
    long windowOffset = Fields.requiredLong(point, "windowOffset", 0, length);
    Sha256 window = Fields.sha256(point, "windowSha256");
    return source.sha256(windowOffset, length - windowOffset).equals(window) ? length : 0;
  }

  /**
   * The result of one send.
   *
   * @param bytes the file's size when sent, else 0
   * @param resumedFrom where the bytes sent started: the length of the receiver's partial file
   *     when its last window matched, else 0 (bytes before it were not sent again)
   * @param sentBytes the file's bytes this send read and handed to the call, whether or not the
   *     call succeeded. After an interruption, bytes sent twice = the interrupted send's
   *     {@code sentBytes} - the next send's {@code resumedFrom}
   */
  public record SendOutcome(TaskStatus status, String message, Optional<Sha256> sha256, long bytes, long resumedFrom,
      long sentBytes) {
    static SendOutcome sent(Sha256 sha256, long bytes, long resumedFrom, long sentBytes) {
      return new SendOutcome(TaskStatus.OK, "", Optional.of(sha256), bytes, resumedFrom, sentBytes);
    }

    static SendOutcome refused(TaskStatus status, String message, long resumedFrom, long sentBytes) {
      return new SendOutcome(status, message, Optional.empty(), 0, resumedFrom, sentBytes);
    }

    public boolean isOk() {
      return status == TaskStatus.OK;
    }
  }
}
