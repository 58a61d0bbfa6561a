package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.file.FileEntry;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.UnsafePathException;
import dev.echomesh.agent.task.file.Walk;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.List;
import java.nio.file.NoSuchFileException;

/**
 * {@code file.list}: lists the regular files of the shared directories. The payload is empty (every
 * share) or a header line {@code {"path": "SHARE[/DIR]", "sha256": false, "max": 10000}}; the result
 * is one JSON object {@code {"shares": [...], "files": [{"name", "size", "mode", "modified",
 * "sha256"}], "truncated": false}}, names as {@code SHARE/PATH}.
 */
public final class FileListTask implements StreamingTaskHandler {

  public static final String NAME = "file.list";

  /** Most files one listing holds unless the header asks for fewer. */
  public static final int MAX_FILES = 100_000;

  private final Shares shares;

  public FileListTask(FileTasksConfig config) {
    this.shares = new Shares(config.shares());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "lists the files of the directories this node shares (echomesh files)";
  }

  @Override
  public TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws IOException {
    try {
      PushbackInputStream in = new PushbackInputStream(payload, 1);
      int first = in.read();
      if (first >= 0) {
        in.unread(first);
      }
      ObjectNode header = first < 0 ? HeaderLine.object() : HeaderLine.read(in);
      String path = Fields.text(header, "path", "");
      boolean withSha256 = Fields.flag(header, "sha256");
      int max = (int) Fields.longValue(header, "max", MAX_FILES, 1, MAX_FILES);
      ObjectNode answer = HeaderLine.object();
      ArrayNode shareNames = answer.putArray("shares");
      shares.names().forEach(shareNames::add);
      ArrayNode files = answer.putArray("files");
      boolean truncated = false;
      for (String share : path.isEmpty() ? shares.names() : List.of(path)) {
        int room = max - files.size();
        if (room <= 0) {
          truncated = true;
          break;
        }
        truncated |= list(share, room, withSha256, files);
      }
      answer.put("truncated", truncated);
      return TaskResult.ok(HeaderLine.bytes(answer));
    } catch (IOException e) {
      return FileStatuses.resultOf(e);
    }
  }

  /** Adds the files below {@code path} to {@code files}; returns whether the walk was cut short. */
  private boolean list(String path, int max, boolean withSha256, ArrayNode files) throws IOException {
    try (Shares.Resolved share = shares.resolve(path)) {
      Walk walk = share.rest().isEmpty()
          ? share.directory().walk(max)
          : share.directory().walk(share.rest().get(), max);
      for (FileEntry entry : walk.files()) {
        ObjectNode file = files.addObject();
        file.put("name", share.served(entry.name()));
        file.put("size", entry.sizeBytes());
        file.put("mode", entry.mode());
        file.put("modified", entry.lastModified().toString());
        if (withSha256) {
          try (FileSource source = share.directory().openFile(entry.name())) {
            file.put("sha256", source.sha256().hex());
          } catch (NoSuchFileException | UnsafePathException e) {
            files.remove(files.size() - 1); // changed since the walk: no longer a regular file there
          }
        }
      }
      return walk.truncated();
    }
  }
}
