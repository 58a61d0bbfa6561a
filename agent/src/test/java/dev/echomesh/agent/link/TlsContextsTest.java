package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.testing.EmbeddedTls;
import dev.echomesh.agent.testing.EmbeddedTls.Side;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mutual TLS 1.3 between every pair of providers, in memory (EmbeddedChannel, no sockets). */
class TlsContextsTest {

  private final TestMesh mesh = TestMeshes.newMesh();
  private final NodeCredentials client = mesh.newNode("client");
  private final NodeCredentials server = mesh.newNode("server");

  @ParameterizedTest(name = "client {0}, server {1}")
  @CsvSource({"JDK, JDK", "JDK, OPENSSL", "OPENSSL, JDK", "OPENSSL, OPENSSL"})
  void handshake_anyProviders_isMutualTls13WithNodeIds(SslProvider clientProvider, SslProvider serverProvider)
      throws Exception {
    assumeTrue(OpenSsl.isAvailable() || (clientProvider == SslProvider.JDK && serverProvider == SslProvider.JDK),
        "netty-tcnative is not loadable here");
    Side c = EmbeddedTls.side(TlsContexts.create(client, clientProvider).client());
    Side s = EmbeddedTls.side(TlsContexts.create(server, serverProvider).server());
    EmbeddedTls.pump(c, s);
    SslHandler clientSsl = c.ssl();
    SslHandler serverSsl = s.ssl();
    assertTrue(clientSsl.handshakeFuture().isSuccess(), String.valueOf(clientSsl.handshakeFuture().cause()));
    assertTrue(serverSsl.handshakeFuture().isSuccess(), String.valueOf(serverSsl.handshakeFuture().cause()));
    assertEquals("TLSv1.3", clientSsl.engine().getSession().getProtocol());
    assertEquals(server.nodeId(), TlsContexts.peerNodeId(clientSsl));
    assertEquals(client.nodeId(), TlsContexts.peerNodeId(serverSsl));
  }

  @Test
  void handshake_clientOfAnotherMesh_failsAtTheServer() throws Exception {
    NodeCredentials stranger = TestMeshes.newMesh().newNode("stranger");
    Side c = EmbeddedTls.side(TlsContexts.create(stranger).client());
    Side s = EmbeddedTls.side(TlsContexts.create(server).server());
    EmbeddedTls.pump(c, s);
    assertTrue(s.ssl().handshakeFuture().isDone());
    assertFalse(s.ssl().handshakeFuture().isSuccess());
    assertFalse(s.channel().isOpen());
  }
}
