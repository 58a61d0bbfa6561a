package dev.echomesh.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileOffer;
import dev.echomesh.agent.task.file.FileTransferException;
import dev.echomesh.agent.task.file.Inbox;
import dev.echomesh.agent.task.file.IncomingFile;
import dev.echomesh.agent.task.file.ReceiveLimits;
import dev.echomesh.agent.task.file.ReceivedFile;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.Sha256;
import dev.echomesh.agent.task.transfer.FileGetTask;
import dev.echomesh.agent.task.transfer.FileListTask;
import dev.echomesh.agent.task.transfer.FileStatuses;
import dev.echomesh.agent.task.transfer.HeaderLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh get PEER REMOTE [LOCAL]}: fetches a file or a directory a peer shares, verified
 * by SHA-256 and resumable (a partial file stays beside the target after an interruption).
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches a file or directory a peer shares.",
      "REMOTE is SHARE/PATH as `echomesh files PEER` lists it. A file goes to LOCAL (default: its name"
          + " in the current directory; into LOCAL when that is a directory); a directory goes below"
          + " LOCAL (default: the current directory) under its own name. Files are verified by SHA-256"
          + " before they take their name; an interrupted get continues where it stopped when run again."
    },
    footer = {
      "",
      "Exit codes: as for `echomesh call`; the first file that failed decides.",
      "",
      "Examples:",
      "  echomesh get alice share/report.pdf",
      "  echomesh get alice share/photos ~/Pictures --json",
      "",
    })
final class GetCommand implements Callable<Integer> {

  private static final int BUFFER_BYTES = 256 * 1024;

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(index = "0", paramLabel = "PEER", description = "Node ID, unique prefix of one, or name.")
  String peer;

  @Parameters(index = "1", paramLabel = "REMOTE", description = "SHARE/PATH of a file or directory on PEER.")
  String remote;

  @Parameters(index = "2", arity = "0..1", paramLabel = "LOCAL", description = "Where to put it (see above).")
  Path local;

  @Option(names = "--overwrite", description = "Replace existing local files.")
  boolean overwrite;

  @Option(names = "--json", description = "Print one JSON record per file: name, bytes, sha256, seconds, status.")
  boolean json;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", converter = Durations.Converter.class,
      description = "Longest time one file may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private record Remote(String name, long size, int mode) {}

  @Override
  public Integer call() throws IOException {
    if (timeout.isZero() || timeout.isNegative()) {
      throw CliException.usage("--timeout must be positive, got " + timeout);
    }
    CliContext context = root.context();
    String wanted = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
    RelativeName remoteName = RelativeName.parse(wanted);
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      List<Remote> files = new ArrayList<>();
      TaskStatus listed = list(agent, remoteName, files, context);
      if (listed != TaskStatus.OK) {
        return ExitCodes.of(listed);
      }
      boolean single = files.size() == 1 && files.get(0).name().equals(wanted);
      Path base = local == null ? Path.of("") : local;
      Path directory;
      String strip;
      if (single) {
        boolean intoDirectory = local == null || Files.isDirectory(local);
        directory = (intoDirectory ? base : base.toAbsolutePath().getParent()).toAbsolutePath();
        strip = wanted.substring(0, wanted.length() - remoteName.fileName().length());
      } else {
        directory = base.toAbsolutePath();
        strip = wanted.substring(0, wanted.length() - remoteName.fileName().length());
      }
      long total = files.stream().mapToLong(Remote::size).sum();
      TransferProgress progress = new TransferProgress(context.stderr(), context.terminal() && !json, total, files.size());
      int exit = ExitCodes.OK;
      try (Inbox inbox = Inbox.open(directory, new ReceiveLimits(ReceiveLimits.DEFAULT_MAX_FILE_BYTES, 0,
          ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES, ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES))) {
        for (Remote file : files) {
          String localName = single && local != null && !Files.isDirectory(local)
              ? local.getFileName().toString()
              : file.name().substring(strip.length());
          FileRecord record = fetch(agent, inbox, file, RelativeName.parse(localName), progress);
          record.print(context.stdout(), context.stderr(), json);
          if (exit == ExitCodes.OK && record.status() != TaskStatus.OK) {
            exit = ExitCodes.of(record.status());
          }
        }
      }
      progress.finish();
      context.stdout().flush();
      return exit;
    }
  }

  /** Lists the files {@code name} stands for into {@code files}. */
  private TaskStatus list(ControlClient agent, RelativeName name, List<Remote> files, CliContext context)
      throws IOException {
    List<String> parent = name.parentSegments();
    ObjectNode request = HeaderLine.object();
    if (!parent.isEmpty()) {
      request.put("path", String.join("/", parent));
    }
    try (StreamedResult result = agent.callStreaming(peer, FileListTask.NAME,
        new ByteArrayInputStream(HeaderLine.bytes(request)), timeout)) {
      if (!result.isOk()) {
        context.stderr().println(Calls.statusLine(result.status(), result.message()));
        return result.status();
      }
      JsonNode listing = HeaderLine.read(result.payload());
      String wanted = name.toString();
      for (JsonNode file : listing.get("files")) {
        String served = file.get("name").asText();
        if (served.equals(wanted) || served.startsWith(wanted + "/")) {
          files.add(new Remote(served, file.get("size").asLong(), file.get("mode").asInt()));
        }
      }
    }
    if (files.isEmpty()) {
      context.stderr().println(Calls.statusLine(TaskStatus.NOT_FOUND, "no file or directory '" + name + "' on " + peer));
      return TaskStatus.NOT_FOUND;
    }
    return TaskStatus.OK;
  }

  private FileRecord fetch(ControlClient agent, Inbox inbox, Remote file, RelativeName localName,
      TransferProgress progress) throws IOException {
    long start = System.nanoTime();
    FileOffer offer = new FileOffer(localName, file.size(), file.mode(), "get:" + peer, overwrite);
    try (IncomingFile incoming = inbox.receive(offer)) {
      long offset = incoming.resumePoint().lengthBytes();
      ObjectNode request = HeaderLine.object();
      request.put("name", file.name());
      request.put("offset", offset);
      try (StreamedResult result = agent.callStreaming(peer, FileGetTask.NAME,
          new ByteArrayInputStream(HeaderLine.bytes(request)), timeout)) {
        if (!result.isOk()) {
          return new FileRecord(file.name(), 0, null, seconds(start), result.status(), result.message());
        }
        InputStream in = result.payload();
        ObjectNode header = HeaderLine.read(in);
        if (header.get("size").asLong() != file.size()) {
          return new FileRecord(file.name(), 0, null, seconds(start), TaskStatus.FAILED,
              "the file changed on " + peer + " while it was fetched; run get again");
        }
        incoming.startAt(offset);
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) > 0) {
          incoming.write(ByteBuffer.wrap(buffer, 0, n));
          progress.bytes(n);
        }
        ReceivedFile received = incoming.commit(Sha256.ofHex(header.get("sha256").asText()));
        progress.fileDone();
        return new FileRecord(file.name(), received.sizeBytes(), received.sha256().hex(), seconds(start),
            TaskStatus.OK, "");
      }
    } catch (FileTransferException e) {
      return new FileRecord(file.name(), 0, null, seconds(start), FileStatuses.statusOf(e), e.getMessage());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
