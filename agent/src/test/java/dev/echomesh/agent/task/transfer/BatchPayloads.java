package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers for {@code file.put-batch}: batch payloads written by hand, and answers read back. */
final class BatchPayloads {

  static final NodeId SENDER = NodeId.fromBytes(new byte[NodeId.LENGTH_BYTES]);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An entry with a correct header for {@code data}. */
  BatchPayloads file(String name, byte[] data) {
    return file(name, data, Sha256.digest(data));
  }

  /** An entry whose header claims {@code sha256}. */
  BatchPayloads file(String name, byte[] data, Sha256 sha256) {
    ObjectNode header = HeaderLine.object();
    header.put("name", name);
    header.put("size", data.length);
    header.put("sha256", sha256.hex());
    return entry(header, data);
  }

  /** Any header line and bytes. */
  BatchPayloads entry(ObjectNode header, byte[] data) {
    out.writeBytes(HeaderLine.bytes(header));
    out.writeBytes(data);
    return this;
  }

  /** Raw bytes, e.g. a header line that is not JSON. */
  BatchPayloads raw(String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Runs {@code task} on {@code payload} as one call. */
  static TaskResult run(StreamingTaskHandler task, byte[] payload) throws Exception {
    return task.handle(new TaskRequest(SENDER, task.name(), payload, Instant.now().plusSeconds(60)));
  }

  /** The answer lines of an OK result. */
  static List<BatchAnswer> answers(TaskResult result) throws Exception {
    List<BatchAnswer> answers = new ArrayList<>();
    InputStream in = new ByteArrayInputStream(result.payload());
    while (in.available() > 0) {
      answers.add(BatchAnswer.parse(HeaderLine.read(in)));
    }
    return answers;
  }

  /**
   * A caller that runs {@code tasks} in this thread on whole payloads, as an agent would through a
   * link; a task it does not hold is NOT_FOUND.
   */
  static StreamCaller inProcess(Map<String, StreamingTaskHandler> tasks) {
    return (task, payload) -> {
      byte[] body;
      try (payload) {
        body = payload.readAllBytes();
      }
      StreamingTaskHandler handler = tasks.get(task);
      if (handler == null) {
        return new StreamedResult(TaskStatus.NOT_FOUND, "no task " + task, InputStream.nullInputStream());
      }
      TaskResult result;
      try {
        result = run(handler, body);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return new StreamedResult(result.status(), result.message(), new ByteArrayInputStream(result.payload()));
    };
  }
}
