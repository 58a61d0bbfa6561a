package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.key;
import static dev.echomesh.agent.liveness.TestNodes.node;
import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.echomesh.agent.liveness.Envelope.LeaveMessage;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Liveness datagrams recorded by a version-1 build (golden files beside this package's test
 * resources, {@code golden/v1/}) decode, in this build, to the envelopes they were written from,
 * and a recorded ping is answered. The files are a recording: never rewritten; see the README
 * beside them.
 */
class GoldenDatagramsTest {

  /** Where the files are, from the agent module's directory (Maven runs tests there). */
  private static final Path SOURCE_DIR =
      Path.of("src", "test", "resources", "dev", "echomesh", "agent", "liveness", "golden", "v1");
  private static final String RESOURCE_DIR = "/dev/echomesh/agent/liveness/golden/v1/";
  /** The mesh ping key the files were MACed with: 32 bytes of 0x07 (test-only). */
  private static final byte[] KEY = key(7);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);
  private static final long PING_SEND_NANOS = 123_456_789L;
  private static final String SENDER_MAC = "02:00:00:00:00:02";

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  /** Each golden file and the envelope it holds, as sent by node 2 (incarnation 200). */
  static Map<String, Envelope> datagrams() {
    LocalNode reporting = new LocalNode(nodeId(2), "node-2", 7002, 200,
        () -> new NodeReport(3, 250, Map.of("role", "camera")));
    Map<String, Envelope> datagrams = new LinkedHashMap<>();
    datagrams.put("ping.bin", new EnvelopeFactory(reporting, CLOCK).ping(PING_SEND_NANOS, SENDER_MAC));
    datagrams.put("ping-without-report.bin", new EnvelopeFactory(node(2, 200), CLOCK).ping(PING_SEND_NANOS, SENDER_MAC));
    datagrams.put("pong.bin", new Envelope(nodeId(2), 200, 5, NOW_MILLIS,
        new PongMessage(nodeId(1), 41, 987_654_321L, 7002, "node-2", SENDER_MAC)));
    datagrams.put("leave.bin", new Envelope(nodeId(2), 200, 6, NOW_MILLIS, new LeaveMessage("shutdown")));
    return datagrams;
  }

  static List<String> files() {
    return List.copyOf(datagrams().keySet());
  }

  private static byte[] read(String name) {
    try (InputStream in = GoldenDatagramsTest.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("no golden file " + RESOURCE_DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void decode_goldenVersion1Datagram_givesTheEnvelopeItWasWrittenFrom(String file) {
    DatagramCodec.Decoded decoded = new DatagramCodec(KEY).decode(ByteBuffer.wrap(read(file)));

    assertNull(decoded.drop());
    assertEquals(datagrams().get(file), decoded.envelope());
  }

  @Test
  void onDatagram_goldenPing_isAnsweredWithAPongEchoingIt() throws Exception {
    CapturingTransport transport = new CapturingTransport();
    RecordingListener listener = new RecordingListener();
    InetSocketAddress sender = new InetSocketAddress(InetAddress.getByName("198.18.0.2"), 47200);
    responder(transport, listener).onDatagram(ByteBuffer.wrap(read("ping.bin")), sender, 9_000_000_000L);

    assertEquals(1, transport.sent.size());
    assertEquals(sender, transport.sent.get(0).to());
    Envelope pong = new DatagramCodec(KEY).decode(ByteBuffer.wrap(transport.sent.get(0).bytes())).envelope();
    PongMessage answer = assertInstanceOf(PongMessage.class, pong.message());
    assertEquals(nodeId(2), answer.pingNodeId());
    assertEquals(datagrams().get("ping.bin").seq(), answer.pingSeq());
    assertEquals(PING_SEND_NANOS, answer.pingSendNanos());
    assertEquals(1, listener.heard.size());
    PingMessage ping = (PingMessage) datagrams().get("ping.bin").message();
    assertEquals(Map.of("role", "camera"), ping.report().tags());
  }

  private Responder responder(Transport transport, LivenessListener listener) throws UnknownHostException {
    LocalInterface eth0 = new LocalInterface("eth0", "02:00:00:00:00:01", InetAddress.getByName("198.18.0.1"), 16);
    EnvelopeFactory ours = new EnvelopeFactory(node(1, 100), CLOCK);
    Counters counters = new Counters();
    Targets targets = new Targets(() -> List.of(PingTarget.subnetBroadcast(eth0, 47200)), List.of());
    targets.refresh();
    Prober prober = new Prober(ours, new DatagramCodec(KEY), new Targets(List::of, List.of()), transport, counters,
        () -> 0L, timer);
    return new Responder(ours, new DatagramCodec(KEY), new ReplayGuard(256, Duration.ofHours(24).toMillis(), 16),
        new PendingPings(), prober, new PingStatsTable(100, Duration.ofMillis(500).toNanos(), Duration.ofMillis(1200).toNanos()), targets, transport,
        listener, counters, new ReceiveLog(Duration.ofMinutes(1).toNanos()), CLOCK);
  }

  /**
   * Writes golden files that do not exist yet (never rewrites one), then the tests above read
   * them. Runs only when asked: {@code -Dechomesh.writeGoldenFiles=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "echomesh.writeGoldenFiles", matches = "true")
  void writeMissing_whenAsked_writesNewGoldenFilesOnly() throws IOException {
    Files.createDirectories(SOURCE_DIR);
    DatagramCodec codec = new DatagramCodec(KEY);
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, Envelope> datagram : datagrams().entrySet()) {
      Path file = SOURCE_DIR.resolve(datagram.getKey());
      if (!Files.exists(file)) {
        Files.write(file, TestDatagrams.bytes(codec.encode(datagram.getValue())));
        written.add(datagram.getKey());
      }
    }
    System.out.println("Golden datagram files written into " + SOURCE_DIR + ": " + written);
  }
}
