package dev.echomesh.tools.bench;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.SharedDirectory;
import dev.echomesh.agent.task.transfer.FileSender;
import dev.echomesh.agent.task.transfer.FileSender.SendOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * How much a resumed transfer sends twice: a file goes to the receiver through the sender agent's
 * local API (as {@code echomesh send} sends it, from this process so that every byte read from
 * the file is counted); when the receiver's partial file holds half of it, the receiver's agent is
 * killed with SIGKILL and started again, and the file is sent again. What is sent twice is
 * everything read from the file in both attempts minus the file's size: the bytes in flight at
 * the kill plus whatever the receiver did not keep.
 */
final class ResumeProbe {

  /**
   * @param resentBytes bytes read from the file in both attempts minus its size
   * @param killedAtBytes the partial file's size after the kill
   */
  record Result(long resentBytes, long killedAtBytes) {}

  private static final Duration POLL = Duration.ofMillis(5);

  private ResumeProbe() {}

  /**
   * Sends {@code file} (at least 2 MiB, so that a resume query is made) twice, killing the
   * receiver half-way through the first attempt.
   *
   * @throws BenchException when a step fails or the first attempt ends before half-way
   */
  static Result measure(FileAgents agents, Path file, Duration timeout) {
    try (SharedDirectory directory = SharedDirectory.open(file.getParent())) {
      RelativeName name = RelativeName.parse(file.getFileName().toString());
      long size = Files.size(file);
      AtomicLong firstRead = new AtomicLong();
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
        try {
          return send(agents, directory, name, firstRead, timeout).toString();
        } catch (IOException e) {
          return e.getMessage(); // how the first attempt ends when the receiver dies under it
        }
      });
      long killedAt = killAtHalf(agents, name, size, first, timeout);
      await(first, timeout); // it fails now: the link went down with the receiver
      agents.restartReceiver();
      AtomicLong secondRead = new AtomicLong();
      SendOutcome second = send(agents, directory, name, secondRead, timeout);
      if (!second.isOk()) {
        throw new BenchException("the resumed transfer failed: " + second.status() + " " + second.message());
      }
      return new Result(firstRead.get() + secondRead.get() - size, killedAt);
    } catch (IOException e) {
      throw new BenchException("the resume measurement failed: " + e.getMessage(), e);
    }
  }

  private static SendOutcome send(FileAgents agents, SharedDirectory directory, RelativeName name, AtomicLong read,
      Duration timeout) throws IOException {
    try (ControlClient client = ControlClient.connect(agents.senderDataDir());
        FileSource source = directory.openFile(name)) {
      return new FileSender((task, payload) -> client.callStreaming(agents.receiverName(), task, payload, timeout))
          .send(source, name, false, read::addAndGet);
    }
  }

  /** Waits until the receiver's partial file holds half of the file, kills the receiver; returns the part's size. */
  private static long killAtHalf(FileAgents agents, RelativeName name, long size, CompletableFuture<String> first,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Path> part = partFile(agents.inbox(), name.fileName());
      if (part.isPresent() && length(part.get()) >= size / 2) {
        agents.killReceiver();
        return length(part.get());
      }
      if (first.isDone()) {
        throw new BenchException("the first transfer ended (" + first.join() + ") before half of the file had arrived");
      }
      if (System.nanoTime() - deadline > 0) {
        throw new BenchException("half of the file had not arrived after " + timeout.toSeconds() + " s");
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** The receiver's partial file of {@code fileName}: {@code .NAME.KEY.part} in the inbox. */
  private static Optional<Path> partFile(Path inbox, String fileName) {
    if (!Files.isDirectory(inbox)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(inbox)) {
      return files.filter(p -> {
        String segment = p.getFileName().toString();
        return segment.startsWith("." + fileName + ".") && segment.endsWith(".part");
      }).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + inbox, e);
    }
  }

  private static long length(Path file) {
    return file.toFile().length();
  }

  private static void await(CompletableFuture<String> attempt, Duration timeout) {
    try {
      attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BenchException("the interrupted transfer did not end within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new BenchException("the interrupted transfer failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }
}
