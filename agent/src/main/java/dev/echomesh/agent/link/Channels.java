package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Small helpers about channels: the peer and pending-slot attributes, how a connection is named in logs. */
final class Channels {

  /** The peer's node ID, set once its certificate was verified. */
  static final AttributeKey<NodeId> PEER = AttributeKey.valueOf(Channels.class, "peer");

  /** For accepted connections not yet links: gives back their slot among the pending ones, once. */
  static final AttributeKey<Runnable> PENDING_SLOT = AttributeKey.valueOf(Channels.class, "pendingSlot");

  private Channels() {}

  /** The connection is no longer pending (it became a link, or closed): gives back its slot, if it holds one. */
  static void leavePending(Channel channel) {
    Runnable release = channel.attr(PENDING_SLOT).getAndSet(null);
    if (release != null) {
      release.run();
    }
  }

  /** "NODE-ID (host:port)" once the peer is known, else "host:port". */
  static String describe(Channel channel) {
    String address = address(channel.remoteAddress());
    NodeId peer = channel.attr(PEER).get();
    return peer == null ? address : peer.shortForm() + " (" + address + ")";
  }

  static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null
          ? inet.getHostString() + ":" + inet.getPort()
          : inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
