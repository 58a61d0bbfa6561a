package dev.echomesh.it.mesh;

import static dev.echomesh.it.mesh.MeshIT.PATIENCE;
import static dev.echomesh.it.mesh.MeshIT.POLL;
import static dev.echomesh.it.mesh.MeshIT.awaitState;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.control.ControlError;
import dev.echomesh.agent.control.ControlException;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.VirtualLan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two meshes (two mesh keys) on one LAN: h1 and h2 in mesh A, h3 and h4 in mesh B. Each hears the
 * other's pings and mDNS announcements, and h2 even dials h3 by address, yet neither mesh lists or
 * can call the other's agents.
 */
@RequiresVirtualLan
class TwoMeshesIT {

  @Test
  void twoMeshesOneLan_neitherListsNorCallsTheOther() throws Exception {
    try (VirtualLan lan = VirtualLan.create(4)) {
      try {
        Path dir = lan.directory();
        String meshA = LanAgent.newMesh(dir.resolve("h1"));
        LanAgent.join(dir.resolve("h2"), meshA);
        String meshB = LanAgent.newMesh(dir.resolve("h3"));
        LanAgent.join(dir.resolve("h4"), meshB);
        LanAgent a1 = LanAgent.on(lan.host(1), dir.resolve("h1"), List.of()).start();
        LanAgent a2 = LanAgent.on(lan.host(2), dir.resolve("h2"), List.of(),
            "--peer", lan.host(3).ip().getHostAddress() + ":47200").start();
        LanAgent b3 = LanAgent.on(lan.host(3), dir.resolve("h3"), List.of()).start();
        LanAgent b4 = LanAgent.on(lan.host(4), dir.resolve("h4"), List.of()).start();

        awaitState(a1, a2, PeerState.ALIVE);
        awaitState(a2, a1, PeerState.ALIVE);
        awaitState(b3, b4, PeerState.ALIVE);
        awaitState(b4, b3, PeerState.ALIVE);

        // The other mesh's traffic did arrive, and was refused: pings, announcements, a dial.
        String meshIdB = new IdentityStore(DataDirectory.of(dir.resolve("h3"))).meshId().orElseThrow();
        for (LanAgent agent : List.of(a1, a2)) {
          await(agent + " refuses mesh B's pings and announcements").atMost(PATIENCE).pollInterval(POLL)
              .until(() -> agent.status().orElseThrow().liveness().badMac() > 0
                  && agent.process().stderr().contains("belongs to mesh " + meshIdB));
        }
        await("h3 refuses h2's link").atMost(PATIENCE).pollInterval(POLL)
            .until(() -> a2.process().stderr().contains("Static peer " + lan.host(3).ip().getHostAddress()));
        for (LanAgent agent : List.of(b3, b4)) {
          await(agent + " refuses mesh A's pings").atMost(PATIENCE).pollInterval(POLL)
              .until(() -> agent.status().orElseThrow().liveness().badMac() > 0);
        }

        assertEquals(Set.of(a2.nodeId()), ids(a1.peers()));
        assertEquals(Set.of(a1.nodeId()), ids(a2.peers()));
        assertEquals(Set.of(b4.nodeId()), ids(b3.peers()));
        assertEquals(Set.of(b3.nodeId()), ids(b4.peers()));

        ControlException notFound = assertThrows(ControlException.class,
            () -> a2.call(b3.nodeId().toString(), "echo", "hi", Duration.ofSeconds(5)));
        assertEquals(ControlError.PEER_NOT_FOUND, notFound.error());
        Cli.Result cli = Cli.run(dir, "call", a1.nodeId().toString(), "echo", "hi",
            "--data-dir", b4.dataDir().toString());
        assertEquals(4, cli.exitCode(), cli.toString());
        assertTrue(cli.stderr().contains("no peer matches"), cli.toString());
      } catch (RuntimeException | Error e) {
        System.err.println(lan.describe());
        throw e;
      }
    }
  }

  private static Set<NodeId> ids(List<Peer> peers) {
    return peers.stream().map(Peer::id).collect(Collectors.toSet());
  }
}
