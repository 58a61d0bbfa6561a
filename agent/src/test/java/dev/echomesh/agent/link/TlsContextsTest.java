package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mutual TLS 1.3 between every pair of providers, in memory (EmbeddedChannel, no sockets). */
class TlsContextsTest {

  private static final int MAX_ROUND_TRIPS = 50;

  private final TestMesh mesh = TestMeshes.newMesh();
  private final NodeCredentials client = mesh.newNode("client");
  private final NodeCredentials server = mesh.newNode("server");

  /** Runs the handshake by moving bytes between the two sides until neither has any to send. */
  private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
    for (int i = 0; i < MAX_ROUND_TRIPS; i++) {
      boolean moved = move(a, b) | move(b, a);
      if (!moved) {
        return;
      }
    }
  }

  private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (ByteBuf out; (out = from.readOutbound()) != null; ) {
      moved = true;
      if (to.isOpen()) {
        to.writeInbound(out);
      } else {
        out.release();
      }
    }
    return moved;
  }

  private static EmbeddedChannel side(SslHandler ssl) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast(ssl, new FailureSink());
    return channel;
  }

  /** Keeps TLS failures in the pipeline (the handshake future reports them), as a link would. */
  private static final class FailureSink extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @ParameterizedTest(name = "client {0}, server {1}")
  @CsvSource({"JDK, JDK", "JDK, OPENSSL", "OPENSSL, JDK", "OPENSSL, OPENSSL"})
  void handshake_anyProviders_isMutualTls13WithNodeIds(SslProvider clientProvider, SslProvider serverProvider)
      throws Exception {
    assumeTrue(OpenSsl.isAvailable() || (clientProvider == SslProvider.JDK && serverProvider == SslProvider.JDK),
        "netty-tcnative is not loadable here");
    EmbeddedChannel c = new EmbeddedChannel();
    SslHandler clientSsl = TlsContexts.create(client, clientProvider).client().newHandler(c.alloc());
    c.pipeline().addLast(clientSsl, new FailureSink());
    SslHandler serverSsl = TlsContexts.create(server, serverProvider).server().newHandler(c.alloc());
    EmbeddedChannel s = side(serverSsl);
    pump(c, s);
    assertTrue(clientSsl.handshakeFuture().isSuccess(), String.valueOf(clientSsl.handshakeFuture().cause()));
    assertTrue(serverSsl.handshakeFuture().isSuccess(), String.valueOf(serverSsl.handshakeFuture().cause()));
    assertEquals("TLSv1.3", clientSsl.engine().getSession().getProtocol());
    assertEquals(server.nodeId(), TlsContexts.peerNodeId(clientSsl));
    assertEquals(client.nodeId(), TlsContexts.peerNodeId(serverSsl));
  }

  @Test
  void handshake_clientOfAnotherMesh_failsAtTheServer() throws Exception {
    NodeCredentials stranger = TestMeshes.newMesh().newNode("stranger");
    EmbeddedChannel c = new EmbeddedChannel();
    SslHandler clientSsl = TlsContexts.create(stranger).client().newHandler(c.alloc());
    c.pipeline().addLast(clientSsl, new FailureSink());
    SslHandler serverSsl = TlsContexts.create(server).server().newHandler(c.alloc());
    EmbeddedChannel s = side(serverSsl);
    pump(c, s);
    assertTrue(serverSsl.handshakeFuture().isDone());
    assertFalse(serverSsl.handshakeFuture().isSuccess());
    assertFalse(s.isOpen());
  }
}
