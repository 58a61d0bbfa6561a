package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.Inbox;
import dev.echomesh.agent.task.file.IncomingFile;
import dev.echomesh.agent.task.file.ReceivedFile;
import dev.echomesh.agent.task.file.ResumePoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file.put}: receives one file into the inbox. The payload is a {@link PutHeader} line,
 * then the file's bytes from the header's offset. A resume query (header {@code "resume": true},
 * no bytes) answers with the partial file's length and SHA-256s, so that the sender continues after
 * the prefix it confirmed. The answer of a put is a JSON object: name, bytes, sha256, replaced,
 * resumedFrom.
 */
public final class FilePutTask implements StreamingTaskHandler {

  public static final String NAME = "file.put";

  private static final Logger log = LoggerFactory.getLogger(FilePutTask.class);
  private static final int BUFFER_BYTES = 256 * 1024;

  private final FileTasksConfig config;
  private final TransferListener transfers;
  private final InboxOpener inboxes;

  public FilePutTask(FileTasksConfig config) {
    this(config, TransferListener.NONE);
  }

  /** @param transfers told when each put (not a resume query) ends */
  public FilePutTask(FileTasksConfig config, TransferListener transfers) {
    this(config, transfers, new InboxOpener(config));
  }

  /** @param inboxes the inbox, shared with {@code file.put-batch} */
  FilePutTask(FileTasksConfig config, TransferListener transfers, InboxOpener inboxes) {
    this.config = config;
    this.transfers = transfers;
    this.inboxes = inboxes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "receives a file into this node's inbox (echomesh send)";
  }

  @Override
  public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws IOException {
    TransferTally tally = new TransferTally();
    TaskStatus status = TaskStatus.FAILED;
    try {
      TaskResult outcome = put(request, payload, tally);
      status = outcome.status();
      return outcome;
    } finally {
      if (!tally.query()) {
        transfers.transferEnded(TransferListener.Direction.RECEIVED, status, tally.bytes());
      }
    }
  }

  private TaskResult put(TaskRequest request, InputStream payload, TransferTally tally) {
    if (config.inbox().isEmpty()) {
      return TaskResult.error(TaskStatus.DENIED, "this node does not receive files (files.receive is false or no"
          + " inbox is set)");
    }
    try {
      PutHeader header = PutHeader.parse(HeaderLine.read(payload));
      tally.query(header.resumeQuery());
      Inbox target = inbox();
      try (IncomingFile file = target.receive(header.offer(request.caller().toString()))) {
        return header.resumeQuery() ? answerQuery(file) : receive(header, file, payload, tally);
      }
    } catch (IOException e) {
      return FileStatuses.resultOf(e);
    }
  }

  private static TaskResult answerQuery(IncomingFile file) throws IOException {
    ResumePoint point = file.resumePoint();
    ObjectNode answer = HeaderLine.object();
    answer.put("length", point.lengthBytes());
    answer.put("prefixSha256", point.prefixSha256().hex());
    answer.put("windowOffset", point.windowOffset());
    answer.put("windowSha256", point.windowSha256().hex());
    if (point.lengthBytes() == 0) {
      file.discard(); // nothing to resume: leave no empty partial file behind a query
    }
    return TaskResult.ok(HeaderLine.bytes(answer));
  }

  private static TaskResult receive(PutHeader header, IncomingFile file, InputStream payload, TransferTally tally)
      throws IOException {
    long resumable = file.resumePoint().lengthBytes();
    if (header.offset() != 0 && header.offset() != resumable) {
      throw new BadHeaderException("\"offset\" " + header.offset() + " is not where the partial file ends ("
          + resumable + " bytes); ask again with \"resume\": true");
    }
    file.startAt(header.offset());
    byte[] buffer = new byte[BUFFER_BYTES];
    // With a trailer, exactly the rest of the file comes before it; without, everything to the end.
    long expected = header.sha256Trailer() ? header.sizeBytes() - header.offset() : Long.MAX_VALUE;
    while (expected > 0) {
      int n;
      try {
        n = payload.read(buffer, 0, (int) Math.min(buffer.length, expected));
      } catch (IOException e) {
        log.info("Receiving {} stopped at {} of {} bytes ({}); its partial file stays, and sending it again"
            + " continues from there", header.name().printable(), file.position(), header.sizeBytes(), e.getMessage());
        throw e;
      }
      if (n <= 0) {
        break;
      }
      file.write(ByteBuffer.wrap(buffer, 0, n));
      tally.moved(n);
      expected -= n;
    }
    ReceivedFile received = file.commit(header.sha256Trailer() ? Trailer.read(payload, file) : header.sha256()
        .orElseThrow(() -> new BadHeaderException("the header needs \"sha256\" as a string")));
    log.info("Received {} ({} bytes{}) into the inbox", received.name().printable(), received.sizeBytes(),
        header.offset() == 0 ? "" : "; resumedFrom " + header.offset() + ": the first " + header.offset()
            + " bytes were kept from an interrupted transfer, not sent again");
    ObjectNode answer = HeaderLine.object();
    answer.put("name", received.name().toString());
    answer.put("bytes", received.sizeBytes());
    answer.put("sha256", received.sha256().hex());
    answer.put("replaced", received.replaced());
    answer.put("resumedFrom", header.offset());
    return TaskResult.ok(HeaderLine.bytes(answer));
  }

  /** The inbox, opened (and made) at the first put. */
  private Inbox inbox() throws IOException {
    return inboxes.inbox();
  }
}
