package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * node's Hello, and checks the peer's Hello (same node ID as the certificate; a protocol version
 * both speak and a frame limit, judged by {@link PeerProtocol}). Everything must happen within the
 * handshake timeout. Then it replaces itself with the link, whose frames fit the peer's limit.
 *
 * <p>Every refusal closes this connection only, is counted by {@link Refusal kind} and logged
 * (throttled, see {@link LinkStats}), and fails the dial that made the connection, if any. An
 * accepted connection leaves {@link PendingConnections} when it becomes a link or closes.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

  private final LinkManager manager;
  /** For dials: the node expected at the address; null = any member (a static peer). */
  private final NodeId expected;
  /** For dials: completes with the link, or fails with the reason; null for accepted ones. */
  private final CompletableFuture<Link> dial;
  private NodeId certified;
  /**
   * Once the peer is certified: what calls to it wait on while this connection finishes (see
   * {@link LinkManager#connectionCertified}): the dial itself, or for an accepted connection a
   * future completed with the link (by the link table) or failed with the refusal.
   */
  private CompletableFuture<Link> certifiedWait;
  /**
   * Set when this dialed connection was reset before its TLS handshake: told to the dial as a
   * refusal ({@link ConnectFailures#isResetBeforeHandshake}).
   */
  private boolean listenerGone;
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
        () -> refuse(ctx, Refusal.HANDSHAKE_TIMEOUT, "no TLS handshake and Hello within " + millis + " ms"),
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
      Throwable cause = event.cause();
      refuse(ctx, TlsFailures.kind(cause), "TLS handshake failed: " + TlsFailures.describe(cause));
      return;
    }
    NodeId peer;
    try {
      peer = TlsContexts.peerNodeId(ctx.pipeline().get(SslHandler.class));
    } catch (SSLPeerUnverifiedException e) {
      refuse(ctx, Refusal.NOT_A_MEMBER, "TLS handshake completed without a peer certificate");
      return;
    }
    ctx.channel().attr(Channels.PEER).set(peer);
    // A member of the mesh from here on: refusals tell it why (GoAway) before closing.
    certified = peer;
    if (peer.equals(manager.self())) {
      refuse(ctx, Refusal.SELF, "this is this node itself (is its own address among the static peers?)");
    } else if (manager.denies(peer)) {
      refuse(ctx, Refusal.DENIED_NODE, "node " + peer + " is on the deny list");
    } else if (expected != null && !expected.equals(peer)) {
      refuse(ctx, Refusal.BAD_HELLO, "expected node " + expected + " at this address but found node " + peer);
    } else {
      certifiedWait = dial != null ? dial : new CompletableFuture<>();
      manager.connectionCertified(peer, certifiedWait); // before our Hello, which tells the peer our ports
      ctx.writeAndFlush(manager.hello(ctx.channel()), ctx.voidPromise());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished) {
      return;
    }
    if (msg instanceof LinkMessage.GoAway goAway) {
      refuse(ctx, Refusal.PEER_REFUSED, "the peer refused the link: " + goAway.reason());
      return;
    }
    if (certified == null || !(msg instanceof LinkMessage.Hello hello)) {
      refuse(ctx, Refusal.BAD_HELLO, "sent " + msg.getClass().getSimpleName() + " before its Hello");
      return;
    }
    if (!hello.nodeId().equals(certified)) {
      refuse(ctx, Refusal.BAD_HELLO, "claims node ID " + hello.nodeId() + " in its Hello, but its certificate is of node "
          + certified);
      return;
    }
    PeerProtocol.Verdict verdict = PeerProtocol.judge(hello, manager.config().maxFrameBytes());
    if (verdict instanceof PeerProtocol.Malformed malformed) {
      refuse(ctx, Refusal.BAD_HELLO, malformed.reason());
    } else if (verdict instanceof PeerProtocol.Incompatible incompatible) {
      String ours = manager.config().agentVersion();
      refuse(ctx, Refusal.PROTOCOL_VERSION, incompatible.reason(hello.agentVersion(), ours),
          incompatible.goAwayReason(hello.agentVersion(), ours));
    } else {
      open(ctx, hello, ((PeerProtocol.Agreed) verdict).sendFrameLimitBytes());
    }
  }

  /** The handshake succeeded: the link replaces this handler, with its frames sized for the peer. */
  private void open(ChannelHandlerContext ctx, LinkMessage.Hello hello, int sendFrameLimitBytes) {
    finished = true;
    timeout.cancel(false);
    Channels.leavePending(ctx.channel());
    if (sendFrameLimitBytes < manager.config().maxFrameBytes()) {
      ctx.pipeline().replace(FrameEncoder.class, LinkTransport.ENCODER, new FrameEncoder(sendFrameLimitBytes));
    }
    int dialedPort = dial == null ? 0 : ((InetSocketAddress) ctx.channel().remoteAddress()).getPort();
    Link link = manager.newLink(ctx.channel(), hello, sendFrameLimitBytes, dial != null, dialedPort);
    ctx.pipeline().replace(this, "link", link);
    manager.established(link, dial);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!finished) {
      finished = true;
      timeout.cancel(false);
      String reason = certified == null
          ? "the connection closed before the TLS handshake completed"
          : "the peer closed the connection before its Hello";
      if (dial != null) {
        manager.stats().dialRefused(ctx.channel(), reason);
      } else {
        // Before the TLS handshake: a port probe, most likely.
        manager.stats().refused(ctx.channel(), certified == null ? Refusal.ABANDONED : Refusal.BAD_HELLO, reason);
      }
      failDial(ctx, reason);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // TLS failures arrive here as well as in the handshake event; the first one counts.
    if (dial != null && certified == null && !finished && ConnectFailures.isResetBeforeHandshake(cause)) {
      listenerGone = true;
    }
    refuse(ctx, TlsFailures.kind(cause), TlsFailures.describe(cause));
  }

  private void refuse(ChannelHandlerContext ctx, Refusal kind, String reason) {
    refuse(ctx, kind, reason, reason);
  }

  /**
   * Refuses the connection: {@code reason} for this node's log and the dial, {@code goAwayReason}
   * for the peer (a member only), worded for its operator.
   */
  private void refuse(ChannelHandlerContext ctx, Refusal kind, String reason, String goAwayReason) {
    if (finished) {
      return;
    }
    finished = true;
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (dial != null) {
      manager.stats().dialRefused(ctx.channel(), reason);
    } else {
      manager.stats().refused(ctx.channel(), kind, reason);
    }
    failDial(ctx, reason);
    if (certified != null) {
      // A member: say why, so its operator can see it in its log.
      ctx.writeAndFlush(new LinkMessage.GoAway(goAwayReason)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void failDial(ChannelHandlerContext ctx, String reason) {
    if (dial != null) {
      dial.completeExceptionally(new LinkRefusedException(ctx.channel().remoteAddress(), reason, listenerGone));
    }
    if (certifiedWait != null && certifiedWait != dial) {
      certifiedWait.completeExceptionally(new LinkRefusedException(ctx.channel().remoteAddress(), reason, listenerGone));
    }
  }
}
