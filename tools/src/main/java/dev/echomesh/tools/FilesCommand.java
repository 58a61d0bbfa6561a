package dev.echomesh.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.transfer.FileListTask;
import dev.echomesh.agent.task.transfer.HeaderLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh files PEER [PATH]}: lists the files a peer shares ({@code file.list}). */
@Command(
    name = "files",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the files a peer shares.",
      "Prints size, modification time and SHARE/PATH of every regular file in the directories PEER"
          + " shares (its files.shared setting), or below PATH."
    },
    footer = {
      "",
      "Examples:",
      "  echomesh files alice",
      "  echomesh files alice share/photos --json",
      "",
    })
final class FilesCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;
  @Mixin TimeoutOption timeout;

  @Parameters(index = "0", paramLabel = "PEER", description = "Node ID, unique prefix of one, or name.")
  String peer;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "SHARE or SHARE/DIR to list.")
  String path;

  @Option(names = "--sha256", description = "Also print each file's SHA-256 (the peer reads every file).")
  boolean sha256;

  @Option(names = "--json", description = "Print the listing as JSON: {shares, files: [{name, size, mode, modified,"
      + " sha256}], truncated}.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    ObjectNode request = HeaderLine.object();
    if (path != null) {
      request.put("path", path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }
    request.put("sha256", sha256);
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path());
        StreamedResult result = agent.callStreaming(peer, FileListTask.NAME,
            new ByteArrayInputStream(HeaderLine.bytes(request)), timeout.get())) {
      if (!result.isOk()) {
        context.stderr().println(Calls.statusLine(result.status(), result.message()));
        return ExitCodes.of(result.status());
      }
      JsonNode listing = HeaderLine.read(result.payload());
      PrintStream out = context.stdout();
      if (json) {
        Json.print(out, listing);
      } else {
        if (listing.get("shares").isEmpty()) {
          context.stderr().println(peer + " shares no directory (its files.shared setting is empty)");
        }
        for (JsonNode file : listing.get("files")) {
          out.printf("%10s  %s  %s%s%n", TransferProgress.size(file.get("size").asLong()),
              file.get("modified").asText().replaceFirst("\\.\\d+Z$", "Z"),
              file.has("sha256") ? file.get("sha256").asText() + "  " : "", file.get("name").asText());
        }
        if (listing.get("truncated").asBoolean()) {
          context.stderr().println("(more files than listed; list a subdirectory)");
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
