package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns a fresh connection into a {@link Link}, or refuses it: waits for the TLS handshake,
 * checks the certified node ID (not this node, not denied, the one dialed for), sends this
 * node's Hello, and checks the peer's Hello (protocol version, same node ID as the
 * certificate). Everything must happen within the handshake timeout. Then it replaces itself
 * with the link.
 *
 * <p>Every refusal closes this connection only, is logged with its reason, and fails the dial
 * that made the connection, if any.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

  private final LinkManager manager;
  /** For dials: the node expected at the address; null = any member (a static peer). */
  private final NodeId expected;
  /** For dials: completes with the link, or fails with the reason; null for accepted ones. */
  private final CompletableFuture<Link> dial;
  private NodeId certified;
  private ScheduledFuture<?> timeout;
  private boolean finished;

  HandshakeHandler(LinkManager manager, NodeId expected, CompletableFuture<Link> dial) {
    this.manager = manager;
    this.expected = expected;
    this.dial = dial;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long millis = manager.config().handshakeTimeout().toMillis();
    timeout = ctx.executor().schedule(
        () -> refuse(ctx, "no TLS handshake and Hello within " + millis + " ms"),
        millis, TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof SslHandshakeCompletionEvent event)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (!event.isSuccess()) {
      refuse(ctx, "TLS handshake failed: " + describe(event.cause()));
      return;
    }
    NodeId peer;
    try {
      peer = TlsContexts.peerNodeId(ctx.pipeline().get(SslHandler.class));
    } catch (SSLPeerUnverifiedException e) {
      refuse(ctx, "TLS handshake completed without a peer certificate");
      return;
    }
    ctx.channel().attr(Channels.PEER).set(peer);
    // A member of the mesh from here on: refusals tell it why (GoAway) before closing.
    certified = peer;
    if (peer.equals(manager.self())) {
      refuse(ctx, "this is this node itself (is its own address among the static peers?)");
    } else if (manager.denies(peer)) {
      refuse(ctx, "node " + peer + " is on the deny list");
    } else if (expected != null && !expected.equals(peer)) {
      refuse(ctx, "expected node " + expected + " at this address but found node " + peer);
    } else {
      ctx.writeAndFlush(manager.hello(ctx.channel()), ctx.voidPromise());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished) {
      return;
    }
    if (msg instanceof LinkMessage.GoAway goAway) {
      refuse(ctx, "the peer refused the link: " + goAway.reason());
      return;
    }
    if (certified == null || !(msg instanceof LinkMessage.Hello hello)) {
      refuse(ctx, "sent " + msg.getClass().getSimpleName() + " before its Hello");
      return;
    }
    if (hello.protocolVersion() != LinkConfig.PROTOCOL_VERSION) {
      refuse(ctx, "speaks protocol version " + hello.protocolVersion() + ", this agent speaks "
          + LinkConfig.PROTOCOL_VERSION);
    } else if (!hello.nodeId().equals(certified)) {
      refuse(ctx, "claims node ID " + hello.nodeId() + " in its Hello, but its certificate is of node "
          + certified);
    } else {
      finished = true;
      timeout.cancel(false);
      int dialedPort = dial == null ? 0 : ((InetSocketAddress) ctx.channel().remoteAddress()).getPort();
      Link link = manager.newLink(ctx.channel(), hello, dial != null, dialedPort);
      ctx.pipeline().replace(this, "link", link);
      manager.established(link, dial);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!finished) {
      finished = true;
      timeout.cancel(false);
      String reason = certified == null
          ? "the connection closed before the TLS handshake completed"
          : "the peer closed the connection before its Hello";
      if (certified == null && dial == null) {
        manager.stats().abandonedConnection(ctx.channel()); // a port probe, most likely: no warning
      } else {
        manager.stats().handshakeRefused(ctx.channel(), dial != null, reason);
      }
      failDial(ctx, reason);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // TLS failures arrive here as well as in the handshake event; the first one counts.
    refuse(ctx, describe(cause));
  }

  private void refuse(ChannelHandlerContext ctx, String reason) {
    if (finished) {
      return;
    }
    finished = true;
    if (timeout != null) {
      timeout.cancel(false);
    }
    manager.stats().handshakeRefused(ctx.channel(), dial != null, reason);
    failDial(ctx, reason);
    if (certified != null) {
      // A member: say why, so its operator can see it in its log.
      ctx.writeAndFlush(new LinkMessage.GoAway(reason)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void failDial(ChannelHandlerContext ctx, String reason) {
    if (dial != null) {
      dial.completeExceptionally(new LinkRefusedException(ctx.channel().remoteAddress(), reason));
    }
  }

  /** A one-line reason from a TLS or decoding failure. */
  static String describe(Throwable cause) {
    Throwable t = cause;
    while (t instanceof DecoderException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NotSslRecordException) {
      return "not TLS (a plaintext client?)";
    }
    StringBuilder text = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
        text.append(": ").append(c.getMessage());
      }
    }
    String raw = text.toString();
    if (raw.contains("PKIX") || raw.contains("certification path")) {
      return raw + " (the certificate is not signed by this mesh's CA: another mesh, or self-signed)";
    }
    if (raw.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") || raw.contains("Empty client certificate chain")) {
      return raw + " (the peer presented no certificate: not an echomesh member)";
    }
    return raw;
  }
}
