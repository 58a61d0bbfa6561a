package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.transfer.BadHeaderException;
import dev.echomesh.agent.task.transfer.FileStatuses;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lives beside the refusals it builds (their constructors are package-private). */
class FileStatusesTest {

  @Test
  void statusOf_everyRefusal_hasItsStatus() throws Exception {
    RelativeName name = RelativeName.parse("a/b.bin");
    Sha256 one = Sha256.digest(new byte[1]);
    Sha256 two = Sha256.digest(new byte[2]);
    Map<IOException, TaskStatus> expected = Map.ofEntries(
        Map.entry(new InvalidNameException("../x", InvalidNameException.Reason.values()[0], "a dot-dot"), TaskStatus.INVALID),
        Map.entry(new UnsafePathException(name, "a", UnsafePathException.Reason.SYMBOLIC_LINK), TaskStatus.INVALID),
        Map.entry(new TargetExistsException(name), TaskStatus.INVALID),
        Map.entry(new FileTooLargeException(name, 10, 5), TaskStatus.INVALID),
        Map.entry(new LengthMismatchException(name, 10, 5), TaskStatus.INVALID),
        Map.entry(new TransferBusyException(name), TaskStatus.OVERLOADED),
        Map.entry(new InsufficientSpaceException(name, 10, 5, 1), TaskStatus.FAILED),
        Map.entry(new DiskFullException(name, new IOException("No space left on device")), TaskStatus.FAILED),
        Map.entry(new ChecksumMismatchException(name, one, two), TaskStatus.FAILED),
        Map.entry(new BadHeaderException("no name"), TaskStatus.INVALID),
        Map.entry(new NoSuchFileException("share/x"), TaskStatus.NOT_FOUND),
        Map.entry(new IOException("Input/output error"), TaskStatus.FAILED));

    expected.forEach((e, status) -> assertEquals(status, FileStatuses.statusOf(e), e.getClass().getSimpleName()));
  }

  @Test
  void resultOf_fullDisk_saysTheDiskIsFull() throws Exception {
    RelativeName name = RelativeName.parse("big.bin");

    TaskResult result = FileStatuses.resultOf(new DiskFullException(name, new IOException("No space left on device")));

    assertEquals(TaskStatus.FAILED, result.status());
    assertTrue(result.message().startsWith("the receiver's disk is full"), result.message());
  }
}
