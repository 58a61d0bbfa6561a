package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.SharedDirectory;
import dev.echomesh.agent.task.transfer.FileSender;
import dev.echomesh.agent.task.transfer.FileSender.SendOutcome;
import dev.echomesh.agent.task.transfer.SendProgress;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed calls through the local API ({@code POST /v1/call} with a body over the collect
 * threshold), the path of {@code echomesh send}: a body larger than the API's request limit
 * reaches a streaming task whole, and a refusal answered while the body is still coming reaches
 * the client as the task's status.
 */
class StreamedCallLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int MIB = 1024 * 1024;
  /** Far above the buffers between the client and the callee (a few MiB), far below the body. */
  private static final long MAX_READ_AFTER_REFUSAL_BYTES = 64L * MIB;

  @TempDir Path temp;

  private final LoopbackAgents agents = new LoopbackAgents();
  private Path dirA;
  private Path inbox;
  private ControlServer server;

  @BeforeEach
  void startPair() throws IOException {
    TestMesh mesh = TestMeshes.newMesh();
    dirA = temp.resolve("a");
    inbox = temp.resolve("inbox");
    server = ControlServer.bind(dirA, ControlConfig.defaults());
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"),
        LoopbackAgents.config(mesh, "b").inbox(inbox).freeSpaceReserveBytes(0));
    server.start(pair[0]);
  }

  @AfterEach
  void stop() {
    server.close();
    agents.close();
  }

  @Test
  void send_filesOverTheRequestLimit_arriveByteIdentical_onOneKeptConnection() throws IOException {
    int size = ControlConfig.DEFAULT_MAX_REQUEST_BYTES + 4 * MIB;
    Path out = Files.createDirectories(temp.resolve("out"));
    byte[] first = write(out.resolve("big.bin"), size, 5);
    byte[] second = write(out.resolve("second.bin"), 2 * MIB, 6);

    try (ControlClient client = ControlClient.connect(dirA);
        SharedDirectory directory = SharedDirectory.open(out)) {
      for (String name : List.of("big.bin", "second.bin")) { // the second reuses the connection
        try (FileSource source = directory.openFile(RelativeName.parse(name))) {
          SendOutcome outcome = new FileSender((task, payload) -> client.callStreaming("b", task, payload, WAIT))
              .send(source, RelativeName.parse(name), false, SendProgress.NONE);
          assertTrue(outcome.isOk(), name + ": " + outcome.status() + ": " + outcome.message());
        }
      }
    }

    assertArrayEquals(first, Files.readAllBytes(inbox.resolve("big.bin")));
    assertArrayEquals(second, Files.readAllBytes(inbox.resolve("second.bin")));
  }

  @Test
  void callStreaming_refusedWhileTheBodyIsStillComing_clientGetsTheTaskStatus_andStopsReadingTheBody() throws IOException {
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve("taken.bin"), "already here");
    long size = 1024L * MIB;
    String header = "{\"name\":\"taken.bin\",\"size\":" + size + ",\"sha256\":\"" + "0".repeat(64) + "\"}\n";
    AtomicLong read = new AtomicLong();
    InputStream body = counted(new SequenceInputStream(new ByteArrayInputStream(header.getBytes(UTF_8)), zeros(size)),
        read);

    try (ControlClient client = ControlClient.connect(dirA);
        StreamedResult result = client.callStreaming("b", "file.put", body, WAIT)) {
      assertEquals(TaskStatus.INVALID, result.status(), result.message());
      assertTrue(result.message().contains("taken.bin"), result.message());
    }
    assertEquals("already here", Files.readString(inbox.resolve("taken.bin")));
    // What was read is what the buffers on the way held when the refusal came (a link window,
    // the agent's queue, the socket's buffers), not the rest of the body pushed at the agent
    // only to be discarded.
    assertTrue(read.get() < MAX_READ_AFTER_REFUSAL_BYTES, "the client read " + read.get() + " bytes of the body");
    try (ControlClient client = ControlClient.connect(dirA)) {
      assertEquals("a", client.status().name(), "the agent still answers");
    }
  }

  /** {@code in}, adding what is read from it to {@code read}. */
  private static InputStream counted(InputStream in, AtomicLong read) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read.addAndGet(n);
        }
        return n;
      }
    };
  }

  private static byte[] write(Path file, int size, long seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Files.write(file, data);
    return data;
  }

  /** {@code size} zero bytes, produced as read. */
  private static InputStream zeros(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }
}
