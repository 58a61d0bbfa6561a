package dev.echomesh.examples;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.AnyCallResult;
import dev.echomesh.agent.ConfigFile;
import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.LoadedIdentity;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Joins the mesh as a node of its own, offers the task "greet" and calls tasks of its peers. */
public final class EmbeddedAgent {

  /** A task of this application: answers "hello, " and the caller's payload. */
  static final class GreetTask implements TaskHandler {
    @Override
    public String name() {
      return "greet";
    }

    @Override
    public String description() {
      return "Answers hello to the payload";
    }

    @Override
    public TaskResult handle(TaskRequest request) {
      String who = new String(request.payload(), StandardCharsets.UTF_8);
      return TaskResult.ok(("hello, " + who).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Arguments: the data directory ("echomesh init" or "echomesh join CODE" made it) and a peer's name. */
  public static void main(String[] args) throws Exception {
    DataDirectory dataDir = DataDirectory.of(Path.of(args[0]));
    String peerName = args[1];

    // This node's identity: its key pair and the mesh key, from the data directory.
    LoadedIdentity identity = new IdentityStore(dataDir).load("my-app");
    AgentConfig.Builder settings = AgentConfig.lanDefaults()
        .name("my-app")
        .credentials(identity.credentials())
        .meshSecrets(identity.secrets())
        .task(new GreetTask());
    // Optional: any key of docs/config.md (ports, interfaces, ...) from the data directory's config file.
    Path configFile = dataDir.path().resolve(ConfigFile.FILE_NAME);
    if (Files.exists(configFile)) {
      ConfigFile.read(configFile).applyTo(settings);
    }

    try (Agent agent = Agents.start(settings.build())) {
      // Peers appear as their pings and mDNS announcements arrive: wait for the one named.
      CompletableFuture<Peer> alive = new CompletableFuture<>();
      agent.addPeerListener((before, after) -> {
        if (after.name().equals(peerName) && after.state() == PeerState.ALIVE) {
          alive.complete(after);
        }
      });
      agent.findPeer(peerName).filter(p -> p.state() == PeerState.ALIVE).ifPresent(alive::complete);
      Peer peer = alive.get(30, TimeUnit.SECONDS);

      // One call to one peer: the result carries a status (OK, NOT_FOUND, TIMEOUT, ...), never an exception.
      TaskResult reversed = agent.call(peer.id(), "reverse", "hello".getBytes(StandardCharsets.UTF_8),
          Duration.ofSeconds(2)).join();
      System.out.println(peer.name() + ": " + (reversed.isOk() ? reversed.payloadAsString() : reversed));

      // The same task on whichever peer answers fastest, failing over to the next if it cannot.
      AnyCallResult any = agent.callAny("sysinfo", PeerSelector.leastRtt(), new byte[0], Duration.ofSeconds(5))
          .join();
      System.out.println(any.peer() + " after " + any.attempts() + " attempt(s): " + any.result().status());
    } // close(): tells the peers this node leaves, lets calls in flight finish, stops
  }
}
