package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.ReceivedFile;
import dev.echomesh.agent.task.file.Sha256;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a {@code file.put-batch} answer (see {@link FilePutBatchTask}): the outcome of one
 * file of the batch, or, without a name, why the batch ended before its end.
 *
 * @param name the file's name as the batch's header gave it; empty for the line that ends a batch early
 * @param status OK when the file was received and verified, else the refusal's status
 * @param message why it was refused; empty for OK
 * @param bytes the file's size when received, else 0
 * @param sha256 its verified SHA-256 when received
 * @param replaced whether it replaced an existing file (overwrite was asked)
 */
public record BatchAnswer(String name, TaskStatus status, String message, long bytes, Optional<Sha256> sha256,
    boolean replaced) {

  public BatchAnswer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** A file received and in place. */
  static BatchAnswer received(ReceivedFile file) {
    return new BatchAnswer(file.name().toString(), TaskStatus.OK, "", file.sizeBytes(), Optional.of(file.sha256()),
        file.replaced());
  }

  /** A file refused. */
  static BatchAnswer refused(String name, TaskStatus status, String message) {
    return new BatchAnswer(name, status, message, 0, Optional.empty(), false);
  }

  /** The batch ended here: no file after the ones answered was read. */
  static BatchAnswer batchEnded(TaskStatus status, String message) {
    return refused("", status, message);
  }

  /** Whether this line ends the batch rather than answering one file. */
  public boolean endsBatch() {
    return name.isEmpty();
  }

  ObjectNode toJson() {
    ObjectNode json = HeaderLine.object();
    if (!endsBatch()) {
      json.put("name", name);
    }
    json.put("status", status.name());
    if (status == TaskStatus.OK) {
      json.put("bytes", bytes);
      sha256.ifPresent(s -> json.put("sha256", s.hex()));
      json.put("replaced", replaced);
    } else {
      json.put("message", message);
    }
    return json;
  }

  /**
   * Reads one answer line.
   *
   * @throws BadHeaderException for a missing or unknown status, or an OK answer without its fields
   */
  static BatchAnswer parse(ObjectNode json) throws BadHeaderException {
    String name = Fields.text(json, "name", "");
    String statusText = Fields.requiredText(json, "status");
    TaskStatus status;
    try {
      status = TaskStatus.valueOf(statusText);
    } catch (IllegalArgumentException e) {
      throw new BadHeaderException("unknown status \"" + statusText + "\" in a batch answer");
    }
    if (status != TaskStatus.OK) {
      return new BatchAnswer(name, status, Fields.text(json, "message", ""), 0, Optional.empty(), false);
    }
    if (name.isEmpty()) {
      throw new BadHeaderException("an OK line of a batch answer needs \"name\"");
    }
    return new BatchAnswer(name, status, "", Fields.requiredLong(json, "bytes", 0, PutHeader.MAX_SIZE_BYTES),
        Optional.of(Fields.sha256(json, "sha256")), Fields.flag(json, "replaced"));
  }
}
