package dev.echomesh.tools.bench;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.Agents;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.LoadedIdentity;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An agent process of the soak ({@code echomesh bench --parts soak}): a {@link LanAgentMain}
 * (same events, same LAN defaults) whose identity is kept in a data directory, so that a restart
 * after {@code kill -9} is the same node, that offers {@link SoakTask} and makes the calls of a
 * {@link SoakLoad}; a {@link StallWatch} prints when the process itself stalled.
 *
 * <p>Usage: {@code SoakAgentMain NAME DATA_DIR START_FILE LIFETIME_SECONDS}; the data directory
 * must have joined the mesh. It stops cleanly on SIGTERM and by itself after the lifetime.
 */
public final class SoakAgentMain {

  /** Deadline of each soak call. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private SoakAgentMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: SoakAgentMain NAME DATA_DIR START_FILE LIFETIME_SECONDS");
      System.exit(2);
    }
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    LanAgentMain.event("jvm", jvmStart, "");
    StallWatch.start();
    String name = args[0];
    LoadedIdentity identity = new IdentityStore(DataDirectory.of(Path.of(args[1]))).load(name);
    Path startFile = Path.of(args[2]);
    Duration lifetime = Duration.ofSeconds(Long.parseLong(args[3]));
    AgentConfig config =
        AgentConfig.lanDefaults()
            .name(name)
            .credentials(identity.credentials())
            .meshSecrets(identity.secrets())
            .task(new SoakTask())
            .build();
    LanAgentMain.event("starting", System.currentTimeMillis(), identity.nodeId().toString());
    Agent agent = Agents.start(config);
    LanAgentMain.printPeerChanges(agent);
    LanAgentMain.event("started", System.currentTimeMillis(), agent.nodeId().toString());
    SoakLoad load =
        new SoakLoad(new AgentSoakCalls(agent, CALL_TIMEOUT), startFile, name + "." + jvmStart,
            System.currentTimeMillis() + lifetime.toMillis());
    Thread loader = new Thread(load, "soak-load");
    loader.setDaemon(true);
    loader.start();
    LanAgentMain.runUntilStopped(agent, lifetime);
  }
}
