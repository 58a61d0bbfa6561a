package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LinkPortCheckTest {

  private static ServerSocket taken() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }

  @Test
  void requireFree_portTaken_saysWhoMightHoldItAndWhatToDo() throws IOException {
    try (ServerSocket other = taken()) {
      LinkConfig link = LinkConfig.builder()
          .bindAddress(InetAddress.getLoopbackAddress()).port(other.getLocalPort()).build();
      IOException e = assertThrows(IOException.class, () -> LinkPortCheck.requireFree(link));
      assertTrue(e.getMessage().startsWith("cannot listen for links on 127.0.0.1:" + other.getLocalPort()),
          e.getMessage());
      assertTrue(e.getMessage().contains("choose another port with --port or link.port"), e.getMessage());
    }
  }

  @Test
  void requireFree_freePort_leavesItFree() throws IOException {
    int port;
    try (ServerSocket other = taken()) {
      port = other.getLocalPort();
    }
    LinkConfig link = LinkConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(port).build();
    LinkPortCheck.requireFree(link);
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // throws if held
    }
  }

  @Test
  void agentStart_linkPortTaken_failsWithTheCheck() throws IOException {
    try (ServerSocket other = taken()) {
      AgentConfig config = LoopbackAgents.config(TestMeshes.newMesh(), "a")
          .link(l -> l.port(other.getLocalPort()))
          .build();
      IOException e = assertThrows(IOException.class, () -> Agents.start(config).close());
      // the link layer's own error would say "bind(..) failed"; the check's names the fix
      assertTrue(e.getMessage().contains("choose another port"), e.getMessage());
    }
  }
}
