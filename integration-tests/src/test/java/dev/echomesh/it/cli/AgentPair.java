package dev.echomesh.it.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Two {@link AgentProcess}es on 127.0.0.1, the second given the first with {@code --peer}, started
 * and waited for until each lists the other as ALIVE in {@code echomesh peers --json}.
 * {@link #close()} stops both, the second first.
 */
final class AgentPair implements AutoCloseable {

  /** How long the two agents may take to see each other ALIVE. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentProcess first;
  private final AgentProcess second;

  private AgentPair(AgentProcess first, AgentProcess second) {
    this.first = first;
    this.second = second;
  }

  /**
   * Starts the agent of {@code firstDir} named {@code firstName}, then that of {@code secondDir}
   * pointed at it, and waits until both are ALIVE to each other; stops what it started if any of
   * this fails. {@code temp} is the working directory of the {@code echomesh peers} runs.
   */
  static AgentPair start(Path temp, Path firstDir, String firstName, Path secondDir, String secondName)
      throws Exception {
    AgentProcess first = AgentProcess.start(firstDir, firstName);
    AgentProcess second = null;
    try {
      second = AgentProcess.start(secondDir, secondName, first.peerAddress());
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .until(() -> alive(temp, secondDir, firstName) && alive(temp, firstDir, secondName));
      return new AgentPair(first, second);
    } catch (Exception | Error e) {
      stop(second, first);
      throw e;
    }
  }

  AgentProcess first() {
    return first;
  }

  AgentProcess second() {
    return second;
  }

  @Override
  public void close() {
    stop(second, first);
  }

  private static void stop(AgentProcess second, AgentProcess first) {
    if (second != null) {
      second.close();
    }
    first.close();
  }

  /** Whether the agent of {@code dataDir} lists a peer named {@code name} as ALIVE. */
  private static boolean alive(Path temp, Path dataDir, String name) throws Exception {
    Echomesh.Result peers = Echomesh.run(temp, "peers", "--json", "--data-dir", dataDir.toString());
    if (peers.exitCode() != 0) {
      return false;
    }
    for (JsonNode peer : JSON.readTree(peers.stdout())) {
      if (peer.get("name").asText().equals(name) && peer.get("state").asText().equals("ALIVE")) {
        return true;
      }
    }
    return false;
  }
}
