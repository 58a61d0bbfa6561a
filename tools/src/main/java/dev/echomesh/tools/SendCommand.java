package dev.echomesh.tools;

import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileEntry;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.SharedDirectory;
import dev.echomesh.agent.task.file.Walk;
import dev.echomesh.agent.task.transfer.BatchItem;
import dev.echomesh.agent.task.transfer.BatchPlan;
import dev.echomesh.agent.task.transfer.BatchSender;
import dev.echomesh.agent.task.transfer.FileSender;
import dev.echomesh.agent.task.transfer.FileSender.SendOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh send PEER PATH...}: sends files and directories (recursively, with relative
 * paths and mode bits) into a peer's inbox: files below {@link BatchSender#SMALL_FILE_BYTES} in
 * batches with {@code file.put-batch}, larger ones with {@code file.put}, several calls in flight.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Sends files and directories to a peer's inbox.",
      "Each PATH goes to the inbox of PEER under its own name (a directory with everything below it,"
          + " keeping relative paths and permission bits). Every file is verified by SHA-256 before it"
          + " takes its name there. Files below 1 MiB go many per call (file.put-batch), larger ones one per"
          + " call (file.put), and an interrupted transfer of a large file continues where it stopped when sent"
          + " again. Symbolic links and special files are skipped. On a terminal a progress line shows on stderr."
    },
    footer = {
      "",
      "Exit codes: as for `echomesh call`; the first file that failed decides.",
      "",
      "Examples:",
      "  echomesh send alice report.pdf",
      "  echomesh send bob photos/ notes.txt --json",
      "  echomesh send bob big.iso --overwrite",
      "",
    })
final class SendCommand implements Callable<Integer> {

  /** Most files one directory may hold to be sent. */
  static final int MAX_FILES = 1_000_000;

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(index = "0", paramLabel = "PEER", description = "Node ID, unique prefix of one, or name.")
  String peer;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Files and directories to send.")
  List<Path> paths;

  @Option(names = "--overwrite", description = "Replace files of the same name in the peer's inbox.")
  boolean overwrite;

  @Option(names = "--json", description = "Print one JSON record per file: name, bytes, sha256, seconds (for a file"
      + " sent in a batch, the batch's), status, resumedFrom (bytes the peer already had from an interrupted send),"
      + " sentBytes (bytes this run sent).")
  boolean json;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
      description = "Calls in flight at once (a large file or a batch of small ones each), 1 to 64"
          + " (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", converter = Durations.Converter.class,
      description = "Longest time one file may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private record Job(SharedDirectory directory, FileEntry entry, RelativeName target) implements BatchItem {
    @Override
    public FileSource open() throws IOException {
      return directory.openFile(entry.name());
    }

    boolean small() {
      return entry.sizeBytes() < BatchSender.SMALL_FILE_BYTES;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (parallel < 1 || parallel > 64) {
      throw CliException.usage("--parallel must be 1 to 64, got " + parallel);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw CliException.usage("--timeout must be positive, got " + timeout);
    }
    CliContext context = root.context();
    Path agentDir = dataDir.resolve(context.env()).path();
    List<SharedDirectory> opened = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Job> jobs = new ArrayList<>();
      for (Path path : paths) {
        jobs.addAll(jobs(path, opened, context));
      }
      long total = jobs.stream().mapToLong(j -> j.entry().sizeBytes()).sum();
      TransferProgress progress = new TransferProgress(context.stderr(), context.terminal() && !json, total, jobs.size());
      List<Future<List<FileRecord>>> results = new ArrayList<>();
      for (Callable<List<FileRecord>> call : calls(jobs, agentDir, progress)) {
        results.add(pool.submit(call));
      }
      int exit = ExitCodes.OK;
      for (Future<List<FileRecord>> result : results) {
        for (FileRecord record : get(result)) {
          record.print(context.stdout(), context.stderr(), json);
          if (exit == ExitCodes.OK && record.status() != TaskStatus.OK) {
            exit = ExitCodes.of(record.status());
          }
        }
      }
      progress.finish();
      context.stdout().flush();
      return exit;
    } finally {
      pool.shutdownNow();
      for (SharedDirectory directory : opened) {
        directory.close();
      }
    }
  }

  /**
   * One call per large file and one per batch of small files ({@link BatchPlan}), in the order of
   * their first file.
   */
  private List<Callable<List<FileRecord>>> calls(List<Job> jobs, Path agentDir, TransferProgress progress) {
    List<Job> small = jobs.stream().filter(Job::small).toList();
    List<BatchPlan.Range> ranges = BatchPlan.split(small.stream().map(j -> j.entry().sizeBytes()).toList(), parallel);
    BatchSender batches = new BatchSender();
    List<Callable<List<FileRecord>>> calls = new ArrayList<>();
    int nextRange = 0;
    int smallSeen = 0;
    for (Job job : jobs) {
      if (!job.small()) {
        calls.add(() -> List.of(send(agentDir, job, progress)));
      } else {
        int position = smallSeen++;
        if (nextRange < ranges.size() && ranges.get(nextRange).start() == position) { // a batch starts here
          BatchPlan.Range range = ranges.get(nextRange++);
          List<Job> batch = small.subList(range.start(), range.end());
          calls.add(() -> sendBatch(agentDir, batch, batches, progress));
        }
      }
    }
    return calls;
  }

  private FileRecord send(Path agentDir, Job job, TransferProgress progress) throws IOException {
    long start = System.nanoTime();
    try (AgentCaller agent = new AgentCaller(agentDir, peer, timeout);
        FileSource source = job.open()) {
      SendOutcome outcome = new FileSender(agent).send(source, job.target(), overwrite, progress::bytes);
      progress.fileDone();
      return record(job, outcome, start);
    }
  }

  private List<FileRecord> sendBatch(Path agentDir, List<Job> batch, BatchSender batches, TransferProgress progress)
      throws IOException {
    long start = System.nanoTime();
    try (AgentCaller agent = new AgentCaller(agentDir, peer, timeout)) {
      List<SendOutcome> outcomes = batches.send(agent, batch, overwrite, progress::bytes);
      List<FileRecord> records = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        progress.fileDone();
        records.add(record(batch.get(i), outcomes.get(i), start));
      }
      return records;
    }
  }

  private static FileRecord record(Job job, SendOutcome outcome, long startNanos) {
    return new FileRecord(job.target().toString(), outcome.bytes(), outcome.sha256().map(s -> s.hex()).orElse(null),
        (System.nanoTime() - startNanos) / 1e9, outcome.status(), outcome.message(), outcome.resumedFrom(),
        outcome.sentBytes());
  }

  /** The files {@code path} stands for: itself, or every regular file below it. */
  private static List<Job> jobs(Path path, List<SharedDirectory> opened, CliContext context) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    if (absolute.getFileName() == null) {
      throw CliException.usage("cannot send the root directory " + path + "; name a directory below it");
    }
    RelativeName top = RelativeName.parse(absolute.getFileName().toString());
    List<Job> jobs = new ArrayList<>();
    if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      SharedDirectory directory = SharedDirectory.open(absolute);
      opened.add(directory);
      Walk walk = directory.walk(MAX_FILES);
      if (walk.truncated()) {
        throw CliException.usage(path + " holds more than " + MAX_FILES + " files; send its subdirectories one by one");
      }
      walk.skipped().forEach(s -> context.stderr().println("skipped: " + s.path() + " (" + s.detail() + ")"));
      for (FileEntry entry : walk.files()) {
        jobs.add(new Job(directory, entry, RelativeName.parse(top + "/" + entry.name())));
      }
      return jobs;
    }
    if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw CliException.usage(path + " is not a regular file or directory (links and special files are not sent)");
    }
    SharedDirectory directory = SharedDirectory.open(absolute.getParent());
    opened.add(directory);
    jobs.add(new Job(directory, directory.stat(top), top));
    return jobs;
  }

  private static List<FileRecord> get(Future<List<FileRecord>> result) throws IOException, InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }
}
