package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echomesh.agent.link.LinkStats;
import dev.echomesh.agent.link.Refusal;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.EchoCallStream;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Floods of connections that never become links (idle, junk) against a member on 127.0.0.1, while
 * two members keep calling each other: their calls succeed, they stay ALIVE, the flooded agent's
 * file descriptors stay within the pending bounds, every refusal is counted, and the log gets one
 * line per kind. The flood clients live in this JVM, so the descriptor count includes theirs:
 * the bound is "the clients' sockets + the pending bound + a margin"; without the bounds the
 * agent would hold one more descriptor per client until the handshake timeout.
 */
class LinkFloodTest {

  private static final int IDLE_CONNECTIONS = 500;
  private static final int JUNK_CONNECTIONS = 200;
  /** Long enough that admitted idle connections stay for the whole test: the bound, not the timeout, limits them. */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMinutes(2);
  /** Descriptors the agents may open besides the flood (call threads, log files, class loading). */
  private static final int FD_MARGIN = 64;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path FDS = Path.of("/proc/self/fd");

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();
  private final List<Socket> clients = new ArrayList<>();
  private final List<String> stateChanges = new CopyOnWriteArrayList<>();
  private Agent caller;
  private Agent target;

  @BeforeEach
  void requireProcFs() {
    assumeTrue(Files.isDirectory(FDS), "no /proc/self/fd on this system");
  }

  private void startMembers(int maxPending, int maxPendingPerAddress) {
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "caller"),
        LoopbackAgents.config(mesh, "target").link(l -> l.handshakeTimeout(HANDSHAKE_TIMEOUT)
            .maxPendingConnections(maxPending).maxPendingPerAddress(maxPendingPerAddress)));
    caller = pair[0];
    target = pair[1];
    for (Agent agent : pair) {
      await().atMost(WAIT).until(() -> agent.peers().stream().allMatch(p -> p.state() == PeerState.ALIVE));
      agent.addPeerListener((before, after) -> {
        if (after.state() != PeerState.ALIVE) {
          stateChanges.add(agent.name() + " sees " + after.name() + " " + after.state());
        }
      });
    }
  }

  @AfterEach
  void tearDown() {
    closeClients();
    agents.close();
  }

  @Test
  void linkPort_500IdleAnd200JunkConnectionsFromOneAddress_membersUnaffectedAndDescriptorsBounded()
      throws Exception {
    int perAddress = 32;
    startMembers(256, perAddress);
    LinkStats stats = target.linkStats();
    long baseline = openDescriptors();
    try (EchoCallStream calls = EchoCallStream.start(caller::call, target.nodeId(), WAIT)) {
      InetAddress source = InetAddress.getByName("127.0.0.1");
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        clients.add(connect(source));
      }
      await().atMost(WAIT).until(() -> stats.refusals(Refusal.PENDING_LIMIT_PER_ADDRESS)
          >= IDLE_CONNECTIONS - perAddress);
      long during = openDescriptors();
      assertTrue(during <= baseline + IDLE_CONNECTIONS + perAddress + FD_MARGIN,
          "descriptors: " + during + ", before the flood: " + baseline);

      closeClients(); // the idle ones that were admitted leave the pending slots
      await().atMost(WAIT).until(() -> stats.refusals(Refusal.ABANDONED) >= perAddress);
      long refusedBefore = refusedForJunk(stats);
      byte[] junk = "GET / HTTP/1.1\r\nHost: echomesh\r\n\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < JUNK_CONNECTIONS; i++) {
        Socket socket = connect(source);
        clients.add(socket);
        sendQuietly(socket, junk);
      }
      await().atMost(WAIT).until(() -> refusedForJunk(stats) - refusedBefore >= JUNK_CONNECTIONS);
      assertTrue(stats.refusals(Refusal.NOT_TLS) > 0, stats.refusals().toString());

      calls.awaitMoreCalls(20);
      assertEquals(List.of(), calls.stopAndGetFailures());
    }
    closeClients();
    assertEquals(List.of(), stateChanges);
    assertTrue(target.peers().stream().allMatch(p -> p.state() == PeerState.ALIVE), target.peers().toString());
    // One line per kind seen (per-address bound, not TLS), at most once a minute: not 700 lines.
    assertTrue(stats.refusalLogLines() <= 3, "refusal log lines: " + stats.refusalLogLines());
    await().atMost(WAIT).until(() -> openDescriptors() <= baseline + FD_MARGIN);
  }

  @Test
  void linkPort_idleConnectionsFromSeveralAddresses_heldUpToTheTotalBound() throws Exception {
    int total = 40;
    int addresses = 4;
    int perSource = 25; // under the per-address bound: only the total bound applies
    startMembers(total, 32);
    LinkStats stats = target.linkStats();
    long baseline = openDescriptors();
    try (EchoCallStream calls = EchoCallStream.start(caller::call, target.nodeId(), WAIT)) {
      for (int a = 0; a < addresses; a++) {
        InetAddress source = InetAddress.getByName("127.0.0." + (2 + a));
        for (int i = 0; i < perSource; i++) {
          clients.add(connect(source));
        }
      }
      int flood = addresses * perSource;
      await().atMost(WAIT).until(() -> stats.refusals(Refusal.PENDING_LIMIT) >= flood - total);
      assertEquals(0, stats.refusals(Refusal.PENDING_LIMIT_PER_ADDRESS));
      long during = openDescriptors();
      assertTrue(during <= baseline + flood + total + FD_MARGIN,
          "descriptors: " + during + ", before the flood: " + baseline);
      calls.awaitMoreCalls(20);
      assertEquals(List.of(), calls.stopAndGetFailures());
    }
    assertEquals(List.of(), stateChanges);
  }

  private static long refusedForJunk(LinkStats stats) {
    return stats.refusals(Refusal.NOT_TLS) + stats.refusals(Refusal.PENDING_LIMIT_PER_ADDRESS)
        + stats.refusals(Refusal.TLS_FAILED) + stats.refusals(Refusal.ABANDONED);
  }

  private Socket connect(InetAddress source) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(target.linkAddress(), (int) Duration.ofSeconds(5).toMillis());
    return socket;
  }

  /** Writes {@code bytes}; the agent may already have closed the connection, which is what it should do. */
  private static void sendQuietly(Socket socket, byte[] bytes) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException closedByTheAgent) {
      // refused before the bytes went out: counted by the agent all the same
    }
  }

  private void closeClients() {
    for (Socket socket : clients) {
      try {
        socket.close();
      } catch (IOException e) {
        throw new IllegalStateException("cannot close a flood client", e);
      }
    }
    clients.clear();
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> entries = Files.list(FDS)) {
      return entries.count();
    }
  }
}
