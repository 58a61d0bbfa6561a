package dev.echomesh.agent.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.ApiLoopbackPair;
import dev.echomesh.agent.testing.TestPeers;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrative endpoints (deny, allow, reload, forget) end to end: two linked agents on
 * loopback, requests through a's control socket.
 */
class AdminEndpointsLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path temp;

  private ApiLoopbackPair pair;

  @BeforeEach
  void startTwoAgents() throws IOException {
    pair = ApiLoopbackPair.start(temp.resolve("a"));
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  @Test
  void deny_linkedPeerByName_deniedAndListed() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      DenyChange change = client.deny("b");
      assertEquals(pair.b().nodeId(), change.node());
      assertTrue(change.changed());
      assertEquals(List.of(pair.b().nodeId()), change.denied());
      assertEquals(List.of(pair.b().nodeId()), client.deniedNodes());
      assertTrue(pair.a().deniedNodes().contains(pair.b().nodeId()));
    }
  }

  @Test
  void allow_afterDeny_nothingDenied() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      client.deny(pair.b().nodeId().toString());
      DenyChange change = client.allow(pair.b().nodeId().shortForm());
      assertTrue(change.changed());
      assertEquals(List.of(), change.denied());
      assertTrue(pair.a().deniedNodes().isEmpty());
    }
  }

  @Test
  void deny_ownNode_malformedAndNothingDenied() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      ControlException e =
          assertThrows(ControlException.class, () -> client.deny(pair.a().nodeId().toString()));
      assertEquals(ControlError.MALFORMED_REQUEST, e.error());
      assertTrue(pair.a().deniedNodes().isEmpty());
    }
  }

  @Test
  void allow_prefixOfNoDeniedNode_peerNotFound() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      ControlException e = assertThrows(ControlException.class, () -> client.allow("zz"));
      assertEquals(ControlError.PEER_NOT_FOUND, e.error());
    }
  }

  @Test
  void reload_agentWithoutConfigFile_succeeds() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      client.reload();
      assertEquals(List.of(), client.deniedNodes());
    }
  }

  @Test
  void forget_linkedPeer_answersThePeerAndStreamsPeerRemoved() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA());
        ControlClient watching = ControlClient.connect(pair.dirA());
        PeerWatch watch = watching.watchPeers()) {
      assertTrue(watch.next().snapshot());
      Peer forgotten = client.forget("b");
      assertEquals(pair.b().nodeId(), forgotten.id());
      PeerWatch.Update update = watch.next();
      while (update.removed().isEmpty()) {
        update = watch.next();
      }
      assertEquals(pair.b().nodeId(), update.removed().get(0).id());
    }
  }

  @Test
  void forget_unknownPeer_peerNotFound() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      ControlException e =
          assertThrows(
              ControlException.class, () -> client.forget(TestPeers.nodeId("zed").toString()));
      assertEquals(ControlError.PEER_NOT_FOUND, e.error());
    }
  }

  @Test
  void denyList_putMethod_methodNotAllowedListingGetPostDelete() throws IOException {
    try (HttpConnection connection = HttpConnection.open(pair.dirA())) {
      DefaultFullHttpRequest request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.PUT, "/v1/deny/x", Unpooled.EMPTY_BUFFER);
      request.headers().set("Host", "localhost").set("Content-Length", "0");
      connection.send(request, WAIT);
      HttpConnection.Response response = connection.receive(WAIT, 1 << 16);
      assertEquals(405, response.status());
      assertEquals("POST, DELETE", response.headers().get("Allow"));
    }
  }

  @Test
  void deny_peerStillLinked_linkClosesAndPeerCannotCall() throws Exception {
    assertEquals(
        TaskStatus.OK, pair.b().call(pair.a().nodeId(), "echo", new byte[0], Duration.ofSeconds(5)).get().status());
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      client.deny("b");
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertEquals(
                    TaskStatus.UNAVAILABLE,
                    pair.b().call(pair.a().nodeId(), "echo", new byte[0], Duration.ofSeconds(2)).get().status()));
  }
}
