package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestMeshes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden files of link protocol version 1: frames exactly as a version-1 build put them on
 * the wire (varint length prefix + {@code Frame}), written by {@link FrameEncoder}, and a
 * recorded caller's side of a link (Hello, calls, chunks) with the key of the node that sent
 * it. Every later build must decode them to the messages below and answer the transcript.
 *
 * <p>The files are a recording: once written, they never change. {@link #writeMissing} writes
 * only files that do not exist yet (for a frame kind added to version 1's list); the command is
 * in {@code src/test/resources/dev/echomesh/agent/link/golden/v1/README.md}.
 */
final class GoldenFrames {

  /** Where the files are, from the agent module's directory (Maven runs tests there). */
  static final Path SOURCE_DIR = Path.of("src", "test", "resources", "dev", "echomesh", "agent", "link", "golden", "v1");
  /** The same files on the test class path. */
  static final String RESOURCE_DIR = "/dev/echomesh/agent/link/golden/v1/";
  /** The system property that makes {@code GoldenFramesTest} write missing files. */
  static final String WRITE_PROPERTY = "echomesh.writeGoldenFiles";

  static final String TRANSCRIPT = "transcript-caller.bin";
  static final String TRANSCRIPT_MESH_KEY = "transcript-mesh.joincode";
  static final String TRANSCRIPT_NODE_PRIVATE_KEY = "transcript-node-key.pk8";
  static final String TRANSCRIPT_NODE_PUBLIC_KEY = "transcript-node-key.spki";

  private static final int GOLDEN_FRAME_LIMIT = 16 * 1024 * 1024;
  private static final NodeId SENDER = FrameConverterTest.node(0x5a);
  private static final byte[] DIGEST_ABC = LinkTest.sha256('a', 'b', 'c');

  private GoldenFrames() {}

  /** Each golden frame file and the message it holds. */
  static Map<String, LinkMessage> frames() {
    Map<String, LinkMessage> frames = new LinkedHashMap<>();
    frames.put("hello-before-limits.bin", new LinkMessage.Hello(1, SENDER, "golden", 64, "0.1.0", 47201, 47200));
    frames.put("hello.bin", new LinkMessage.Hello(1, SENDER, "golden", 64, "0.1.0", 47201, 47200, 1 << 20, 1));
    frames.put("call.bin", new LinkMessage.Call(7, "echo", bytes("ping"), 2500, false, bytes("key-1")));
    frames.put("call-chunked.bin", new LinkMessage.Call(8, "file.put", new byte[0], 60_000, true, new byte[0]));
    frames.put("result-ok.bin", new LinkMessage.Result(7, TaskResult.ok(bytes("pong"))));
    frames.put("result-error.bin",
        new LinkMessage.Result(9, TaskResult.error(TaskStatus.NOT_FOUND, "no task 'nope' here")));
    frames.put("result-chunked.bin", new LinkMessage.Result(8, TaskResult.ok(new byte[0]), true));
    frames.put("cancel.bin", new LinkMessage.Cancel(7, "deadline passed"));
    frames.put("chunk.bin", LinkMessage.Chunk.piece(8, false, 0, ByteBuffer.wrap(bytes("ab"))));
    frames.put("chunk-last.bin", LinkMessage.Chunk.last(8, true, 2, ByteBuffer.wrap(bytes("c")), DIGEST_ABC));
    frames.put("chunk-abort.bin", LinkMessage.Chunk.abort(8, 3, TaskStatus.FAILED, "disk full"));
    frames.put("window-update.bin", new LinkMessage.WindowUpdate(8, false, 1 << 20));
    frames.put("go-away.bin", new LinkMessage.GoAway("this agent is shutting down"));
    return frames;
  }

  /**
   * The recorded caller's side, in order: the Hello of a build before frame limits, an echo call,
   * a call of a task that does not exist, a chunked echo call with its two chunks (within the
   * first window, which the callee grants on admitting it), and a cancel of a call that never was.
   */
  static List<LinkMessage> transcript(NodeId caller) {
    byte[] whole = bytes("chunked payload");
    return List.of(
        new LinkMessage.Hello(1, caller, "golden-caller", 64, "0.1.0", 0, 0),
        new LinkMessage.Call(1, "echo", bytes("golden hello"), 20_000, false, bytes("golden-key-1")),
        new LinkMessage.Call(2, "no-such-task", bytes("x"), 20_000, false),
        new LinkMessage.Call(3, "echo", new byte[0], 20_000, true),
        LinkMessage.Chunk.piece(3, false, 0, ByteBuffer.wrap(whole, 0, 8).slice()),
        LinkMessage.Chunk.last(3, false, 8, ByteBuffer.wrap(whole, 8, whole.length - 8).slice(),
            LinkTest.sha256(toInts(whole))),
        new LinkMessage.Cancel(99, "never started"));
  }

  /** What the callee answers the transcript's calls, by call ID. */
  static Map<Long, TaskResult> transcriptAnswers() {
    return Map.of(
        1L, TaskResult.ok(bytes("golden hello")),
        2L, TaskResult.error(TaskStatus.NOT_FOUND, ""),
        3L, TaskResult.ok(bytes("chunked payload")));
  }

  /** The bytes of a golden file, from the class path. */
  static byte[] read(String name) {
    try (var in = GoldenFrames.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("no golden file " + RESOURCE_DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The credentials of the node that recorded the transcript, in the mesh it recorded it in. */
  static NodeCredentials transcriptCaller() throws GeneralSecurityException {
    KeyFactory ec = KeyFactory.getInstance("EC");
    KeyPair keys = new KeyPair(
        ec.generatePublic(new X509EncodedKeySpec(read(TRANSCRIPT_NODE_PUBLIC_KEY))),
        ec.generatePrivate(new PKCS8EncodedKeySpec(read(TRANSCRIPT_NODE_PRIVATE_KEY))));
    return TestMeshes.meshOf(transcriptMeshKey()).node(keys, "golden-caller");
  }

  static MeshKey transcriptMeshKey() {
    return MeshKey.fromJoinCode(new String(read(TRANSCRIPT_MESH_KEY), StandardCharsets.US_ASCII).trim());
  }

  /** {@code messages} as this build's {@link FrameEncoder} puts them on the wire, one after another. */
  static byte[] encode(List<LinkMessage> messages) {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(GOLDEN_FRAME_LIMIT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (LinkMessage message : messages) {
      channel.writeOutbound(message);
      ByteBuf buf = channel.readOutbound();
      out.writeBytes(ByteBufUtil.getBytes(buf));
      buf.release();
    }
    channel.finishAndReleaseAll();
    return out.toByteArray();
  }

  /**
   * Writes every golden file that does not exist yet into {@link #SOURCE_DIR}; existing files are
   * left as they are (they are the recording). The transcript and its keys are written together.
   *
   * @return the names of the files written
   */
  static List<String> writeMissing() throws IOException {
    Files.createDirectories(SOURCE_DIR);
    List<String> written = new java.util.ArrayList<>();
    for (Map.Entry<String, LinkMessage> frame : frames().entrySet()) {
      if (writeIfMissing(frame.getKey(), encode(List.of(frame.getValue())))) {
        written.add(frame.getKey());
      }
    }
    if (!Files.exists(SOURCE_DIR.resolve(TRANSCRIPT))) {
      MeshKey meshKey = MeshKey.generate();
      NodeCredentials caller = TestMeshes.meshOf(meshKey).newNode("golden-caller");
      KeyPair keys = new KeyPair(caller.certificate().getPublicKey(), caller.privateKey());
      Files.writeString(SOURCE_DIR.resolve(TRANSCRIPT_MESH_KEY), meshKey.joinCode() + "\n");
      Files.write(SOURCE_DIR.resolve(TRANSCRIPT_NODE_PRIVATE_KEY), keys.getPrivate().getEncoded());
      Files.write(SOURCE_DIR.resolve(TRANSCRIPT_NODE_PUBLIC_KEY), keys.getPublic().getEncoded());
      Files.write(SOURCE_DIR.resolve(TRANSCRIPT), encode(transcript(caller.nodeId())));
      written.addAll(List.of(TRANSCRIPT, TRANSCRIPT_MESH_KEY, TRANSCRIPT_NODE_PRIVATE_KEY, TRANSCRIPT_NODE_PUBLIC_KEY));
    }
    return written;
  }

  private static boolean writeIfMissing(String name, byte[] bytes) throws IOException {
    Path file = SOURCE_DIR.resolve(name);
    if (Files.exists(file)) {
      return false;
    }
    Files.write(file, bytes);
    return true;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int[] toInts(byte[] bytes) {
    int[] ints = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ints[i] = bytes[i] & 0xFF;
    }
    return ints;
  }
}
