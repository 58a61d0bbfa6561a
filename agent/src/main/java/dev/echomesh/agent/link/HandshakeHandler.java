package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
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
 * <p>Every refusal closes this connection only, is counted by {@link Refusal kind} and logged
 * (throttled, see {@link LinkStats}), and fails the dial that made the connection, if any. An
 * accepted connection leaves {@link PendingConnections} when it becomes a link or closes.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

  /** What the JDK and BoringSSL say (upper-cased) when a certificate is not signed by a trusted CA. */
  private static final List<String> NOT_SIGNED = List.of("PKIX", "CERTIFICATION PATH", "CERTIFICATE_VERIFY_FAILED",
      "UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN", "UNABLE TO GET LOCAL ISSUER");
  /** What they say when the client presented no certificate. */
  private static final List<String> NO_CERTIFICATE = List.of("PEER_DID_NOT_RETURN_A_CERTIFICATE",
      "EMPTY CLIENT CERTIFICATE CHAIN", "CERTIFICATE_REQUIRED");

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
      refuse(ctx, classify(event.cause()), "TLS handshake failed: " + describe(event.cause()));
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
    if (hello.protocolVersion() != LinkConfig.PROTOCOL_VERSION) {
      refuse(ctx, Refusal.BAD_HELLO, "speaks protocol version " + hello.protocolVersion() + ", this agent speaks "
          + LinkConfig.PROTOCOL_VERSION);
    } else if (!hello.nodeId().equals(certified)) {
      refuse(ctx, Refusal.BAD_HELLO, "claims node ID " + hello.nodeId() + " in its Hello, but its certificate is of node "
          + certified);
    } else {
      finished = true;
      timeout.cancel(false);
      Channels.leavePending(ctx.channel());
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
    refuse(ctx, classify(cause), describe(cause));
  }

  private void refuse(ChannelHandlerContext ctx, Refusal kind, String reason) {
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

  /** Which kind of refusal a TLS or decoding failure is. */
  static Refusal classify(Throwable cause) {
    Throwable t = unwrap(cause);
    if (t instanceof SslHandshakeTimeoutException) {
      return Refusal.HANDSHAKE_TIMEOUT;
    }
    if (t instanceof NotSslRecordException) {
      return Refusal.NOT_TLS;
    }
    if (t instanceof ClosedChannelException) {
      return Refusal.ABANDONED;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertificateException || isCertificateProblem(String.valueOf(c.getMessage()))) {
        return Refusal.NOT_A_MEMBER;
      }
    }
    return Refusal.TLS_FAILED;
  }

  /** A one-line reason from a TLS or decoding failure, never "null". */
  static String describe(Throwable cause) {
    Throwable t = unwrap(cause);
    if (t instanceof NotSslRecordException) {
      return "not TLS (a plaintext client?)";
    }
    if (t instanceof ClosedChannelException) {
      return "the other side closed the connection before the TLS handshake finished";
    }
    StringBuilder text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
        text.append(text.length() == 0 ? "" : ": ").append(c.getMessage());
      }
    }
    String raw = text.length() == 0 ? "a " + t.getClass().getSimpleName() + " without a message" : text.toString();
    String upper = raw.toUpperCase(Locale.ROOT);
    if (NO_CERTIFICATE.stream().anyMatch(upper::contains)) {
      return raw + " (the peer presented no certificate: not an echomesh member)";
    }
    if (isCertificateProblem(raw)) {
      return raw + " (the certificate is not signed by this mesh's CA: another mesh, or self-signed)";
    }
    return raw;
  }

  private static Throwable unwrap(Throwable cause) {
    Throwable t = cause;
    while (t instanceof DecoderException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isCertificateProblem(String message) {
    String upper = message.toUpperCase(Locale.ROOT);
    return NOT_SIGNED.stream().anyMatch(upper::contains) || NO_CERTIFICATE.stream().anyMatch(upper::contains);
  }
}
