package dev.echomesh.agent.task.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs inside a private mount namespace on a 1 MiB tmpfs (see {@link DiskFullTest}) and receives a
 * file larger than the file system, printing {@code key=value} lines for the test to check.
 *
 * <p>Modes: {@code enospc} makes the guard believe there is plenty of space, so the write runs into
 * the kernel's ENOSPC; {@code guard} uses the real free space of the tmpfs, so the guard refuses
 * before the first byte.
 */
public final class DiskFullProbe {

  static final int FILE_BYTES = 2 << 20;

  private DiskFullProbe() {}

  public static void main(String[] args) throws IOException {
    Path inboxRoot = Path.of(args[0]);
    boolean realGuard = args[1].equals("guard");
    FreeSpace freeSpace = realGuard ? FreeSpace.of(inboxRoot) : () -> Long.MAX_VALUE / 4;
    ReceiveLimits limits = new ReceiveLimits(1L << 30, realGuard ? 64 << 10 : 0, 1L << 30, 4096);
    byte[] content = Trees.randomBytes(FILE_BYTES, 11);
    String outcome = "none";
    String message = "";
    try (Inbox inbox = Inbox.open(inboxRoot, limits, freeSpace);
        IncomingFile incoming = inbox.receive(
            new FileOffer(RelativeName.parse("d/big.bin"), FILE_BYTES, 0644, "node-a", false))) {
      incoming.startAt(0);
      for (int offset = 0; offset < FILE_BYTES; offset += 64 << 10) {
        incoming.write(ByteBuffer.wrap(content, offset, 64 << 10));
      }
      incoming.commit(Sha256.digest(content));
    } catch (FileTransferException e) {
      outcome = e.getClass().getSimpleName();
      message = e.getMessage();
    }
    System.out.println("outcome=" + outcome);
    System.out.println("message=" + message.replace('\n', ' '));
    System.out.println("finalExists=" + Files.exists(inboxRoot.resolve("d/big.bin")));
    try (Stream<Path> files = Files.walk(inboxRoot)) {
      List<Path> parts = files.filter(p -> PartName.looksLikePart(p.getFileName().toString())).toList();
      System.out.println("parts=" + parts.size());
      for (Path part : parts) {
        System.out.println("partBytes=" + Files.size(part));
      }
    }
  }
}
