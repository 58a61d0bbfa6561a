package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * {@code file.get}: sends one file of a shared directory. The payload is a header line {@code
 * {"name": "SHARE/PATH", "offset": N}} (offset optional, to resume a partial download); the result
 * is a header line {@code {"name", "size", "mode", "sha256", "offset"}} (SHA-256 of the whole file)
 * followed by the file's bytes from the offset.
 */
public final class FileGetTask implements StreamingTaskHandler {

  public static final String NAME = "file.get";

  private static final int BUFFER_BYTES = 256 * 1024;

  private final Shares shares;
  private final TransferListener transfers;

  public FileGetTask(FileTasksConfig config) {
    this(config, TransferListener.NONE);
  }

  /** @param transfers told when each get ends */
  public FileGetTask(FileTasksConfig config, TransferListener transfers) {
    this.shares = new Shares(config.shares());
    this.transfers = transfers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "sends a file of a directory this node shares (echomesh get)";
  }

  @Override
  public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws IOException {
    TransferTally tally = new TransferTally();
    TaskStatus status = TaskStatus.FAILED;
    try {
      TaskResult outcome = get(payload, result, tally);
      status = outcome.status();
      return outcome;
    } finally {
      transfers.transferEnded(TransferListener.Direction.SENT, status, tally.bytes());
    }
  }

  private TaskResult get(InputStream payload, ResultStream result, TransferTally tally) {
    try {
      ObjectNode header = HeaderLine.read(payload);
      String name = Fields.requiredText(header, "name");
      long offset = Fields.longValue(header, "offset", 0, 0, Long.MAX_VALUE);
      try (Shares.Resolved share = shares.resolve(name)) {
        if (share.rest().isEmpty()) {
          throw new BadHeaderException("'" + name + "' is a share, not a file in it; list it with file.list");
        }
        try (FileSource source = share.directory().openFile(share.rest().get())) {
          long size = source.entry().sizeBytes();
          if (offset > size) {
            throw new BadHeaderException("\"offset\" " + offset + " is past the end of '" + name + "' (" + size
                + " bytes)");
          }
          Sha256 sha256 = source.sha256();
          ObjectNode answer = HeaderLine.object();
          answer.put("name", share.served(source.entry().name()));
          answer.put("size", size);
          answer.put("mode", source.entry().mode());
          answer.put("sha256", sha256.hex());
          answer.put("offset", offset);
          source.position(offset);
          try (OutputStream out = result.open()) {
            HeaderLine.write(answer, out);
            copy(source, out, tally);
          }
        }
      }
      return TaskResult.ok(new byte[0]);
    } catch (IOException e) {
      return FileStatuses.resultOf(e);
    }
  }

  private static void copy(FileSource source, OutputStream out, TransferTally tally) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    while (true) {
      buffer.clear();
      int n = source.read(buffer);
      if (n < 0) {
        return;
      }
      out.write(buffer.array(), 0, buffer.position());
      tally.moved(buffer.position());
    }
  }
}
