package dev.echomesh.agent.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * TLS handshakes in memory: two sides on Netty {@link EmbeddedChannel}s (no sockets), and a pump
 * that moves each side's bytes to the other.
 *
 * <pre>{@code
 * EmbeddedTls.Side client = EmbeddedTls.side(clientContext);
 * EmbeddedTls.Side server = EmbeddedTls.side(serverContext);
 * EmbeddedTls.pump(client, server);
 * assertTrue(server.ssl().handshakeFuture().isSuccess());
 * }</pre>
 */
public final class EmbeddedTls {

  /** Exchanges a pump makes at the most; a TLS 1.3 handshake needs a few. */
  public static final int MAX_ROUND_TRIPS = 50;

  private EmbeddedTls() {}

  /**
   * One side of a handshake: its channel, whose pipeline is {@code ssl} then {@code failures}.
   *
   * @param failures keeps what the pipeline fails with
   */
  public record Side(EmbeddedChannel channel, SslHandler ssl, FailureSink failures) {}

  /** A side whose TLS handler {@code context} makes (a client or a server context). */
  public static Side side(SslContext context) {
    EmbeddedChannel channel = new EmbeddedChannel();
    SslHandler ssl = context.newHandler(channel.alloc());
    FailureSink failures = new FailureSink();
    channel.pipeline().addLast(ssl, failures);
    return new Side(channel, ssl, failures);
  }

  /**
   * Moves the bytes each side wrote to the other until neither has any to send (at most {@link
   * #MAX_ROUND_TRIPS} times); bytes for a closed side are dropped.
   */
  public static void pump(Side a, Side b) {
    for (int i = 0; i < MAX_ROUND_TRIPS; i++) {
      if (!(move(a.channel(), b.channel()) | move(b.channel(), a.channel()))) {
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

  /**
   * Keeps TLS failures in the pipeline (the handshake future reports them) and closes the channel,
   * as a link would; remembers the first.
   */
  public static final class FailureSink extends ChannelInboundHandlerAdapter {
    private volatile Throwable failure;

    /** The first failure the pipeline reported; null when none. */
    public Throwable failure() {
      return failure;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (failure == null) {
        failure = cause;
      }
      ctx.close();
    }
  }
}
