package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.task.file.ReceiveLimits;
import dev.echomesh.agent.task.transfer.FileTasks;
import dev.echomesh.agent.task.transfer.FileTasksConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code send}, {@code get} and {@code files} through the real local API against the real file
 * tasks (served by the fake agent's peer alice): files arrive byte-identical with their mode bits.
 */
class FileCommandsTest extends RunningAgentTest {

  @TempDir Path work;
  private Path inbox;
  private Path share;

  @BeforeEach
  void offerFileTasks() throws IOException {
    inbox = work.resolve("inbox");
    share = Files.createDirectories(work.resolve("srv/share"));
    FileTasksConfig config = new FileTasksConfig(Optional.of(inbox), Map.of("share", share),
        new ReceiveLimits(ReceiveLimits.DEFAULT_MAX_FILE_BYTES, 0, ReceiveLimits.DEFAULT_SPACE_CHECK_INTERVAL_BYTES,
            ReceiveLimits.DEFAULT_RESUME_WINDOW_BYTES));
    FileTasks.of(config).forEach(fixture.agent::offerRemoteTask);
  }

  @Test
  void send_directoryAndFile_arriveByteIdenticalWithModes_oneJsonRecordEach() throws IOException {
    Path tree = work.resolve("out/tree");
    byte[] big = write(tree.resolve("sub/big.bin"), 3 * 1024 * 1024 + 5, 1);
    byte[] small = write(tree.resolve("small.sh"), 100, 2);
    Files.setPosixFilePermissions(tree.resolve("small.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] single = write(work.resolve("out/one.txt"), 10, 3);

    CliRun.Result result = cli.run("send", "alice", tree.toString(), work.resolve("out/one.txt").toString(), "--json");

    assertEquals(0, result.exitCode(), result.toString());
    assertArrayEquals(big, Files.readAllBytes(inbox.resolve("tree/sub/big.bin")));
    assertArrayEquals(small, Files.readAllBytes(inbox.resolve("tree/small.sh")));
    assertArrayEquals(single, Files.readAllBytes(inbox.resolve("one.txt")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(inbox.resolve("tree/small.sh"))));
    List<String> lines = result.stdout().lines().toList();
    assertEquals(3, lines.size(), result.stdout());
    for (String line : lines) {
      JsonNode record = new ObjectMapper().readTree(line);
      assertEquals("OK", record.get("status").asText());
      assertEquals(64, record.get("sha256").asText().length());
      assertEquals(0, record.get("resumedFrom").asLong(), line);
      assertEquals(record.get("bytes").asLong(), record.get("sentBytes").asLong(), line);
    }
  }

  @Test
  void send_existingNameWithoutOverwrite_exitsInvalid() throws IOException {
    write(inbox.resolve("one.txt"), 4, 9);
    write(work.resolve("out/one.txt"), 10, 3);

    CliRun.Result result = cli.run("send", "alice", work.resolve("out/one.txt").toString());

    assertEquals(ExitCodes.INVALID, result.exitCode(), result.toString());
    assertTrue(result.stderr().startsWith("one.txt: INVALID: "), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void get_fileAndDirectory_arriveByteIdentical() throws IOException {
    byte[] report = write(share.resolve("report.pdf"), 2 * 1024 * 1024, 4);
    byte[] photo = write(share.resolve("photos/a/p1.jpg"), 5000, 5);
    Path here = Files.createDirectories(work.resolve("here"));

    CliRun.Result file = cli.run("get", "alice", "share/report.pdf", here.resolve("copy.pdf").toString());
    CliRun.Result directory = cli.run("get", "alice", "share/photos", here.toString());

    assertEquals(0, file.exitCode(), file.toString());
    assertEquals(0, directory.exitCode(), directory.toString());
    assertArrayEquals(report, Files.readAllBytes(here.resolve("copy.pdf")));
    assertArrayEquals(photo, Files.readAllBytes(here.resolve("photos/a/p1.jpg")));
  }

  @Test
  void get_missing_exitsNotFound() {
    CliRun.Result result = cli.run("get", "alice", "share/nope.txt", work.toString());

    assertEquals(ExitCodes.NOT_FOUND, result.exitCode(), result.toString());
    assertFalse(Files.exists(work.resolve("nope.txt")));
  }

  @Test
  void files_listsSharedFilesWithSizes() throws IOException {
    write(share.resolve("a.txt"), 10, 6);
    write(share.resolve("d/b.txt"), 2048, 7);

    CliRun.Result result = cli.run("files", "alice");

    assertEquals(0, result.exitCode(), result.toString());
    List<String> lines = result.stdout().lines().toList();
    assertEquals(2, lines.size(), result.stdout());
    assertTrue(lines.get(0).endsWith("share/a.txt") && lines.get(0).contains("10 B"), lines.get(0));
    assertTrue(lines.get(1).endsWith("share/d/b.txt") && lines.get(1).contains("2.0 KiB"), lines.get(1));
  }

  private static byte[] write(Path file, int size, long seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Files.createDirectories(file.getParent());
    Files.write(file, data);
    return data;
  }

}
