package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Small helpers about channels: the peer attribute and how a connection is named in logs. */
final class Channels {

  /** The peer's node ID, set once its certificate was verified. */
  static final AttributeKey<NodeId> PEER = AttributeKey.valueOf(Channels.class, "peer");

  private Channels() {}

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
