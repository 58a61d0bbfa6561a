package dev.echomesh.agent.link;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of Netty's socket transports the links use: Linux's native epoll where its library
 * loads (x86-64 and 64-bit ARM Linux), Java NIO everywhere else.
 *
 * <p>epoll is Netty's recommended transport on Linux: edge-triggered readiness, no selected-key
 * sets to allocate and walk, and an eventfd to wake the loop; measured here it takes a few
 * microseconds off every call's round trip. NIO is the portable fallback (32-bit ARM boards,
 * macOS), chosen with a log line saying why, and on request ({@link LinkConfig#nativeTransport}).
 */
enum NetworkTransport {
  EPOLL {
    @Override
    EventLoopGroup newGroup(int threads, ThreadFactory factory, SelectStrategyFactory strategy) {
      return new EpollEventLoopGroup(threads, factory, strategy);
    }

    @Override
    Class<? extends SocketChannel> socketChannel() {
      return EpollSocketChannel.class;
    }

    @Override
    Class<? extends ServerChannel> serverChannel() {
      return EpollServerSocketChannel.class;
    }
  },
  NIO {
    @Override
    EventLoopGroup newGroup(int threads, ThreadFactory factory, SelectStrategyFactory strategy) {
      return new NioEventLoopGroup(threads, factory, SelectorProvider.provider(), strategy);
    }

    @Override
    Class<? extends SocketChannel> socketChannel() {
      return NioSocketChannel.class;
    }

    @Override
    Class<? extends ServerChannel> serverChannel() {
      return NioServerSocketChannel.class;
    }
  };

  private static final Logger log = LoggerFactory.getLogger(NetworkTransport.class);

  /** Event loops that sleep and wake as {@code strategy} says. */
  abstract EventLoopGroup newGroup(int threads, ThreadFactory factory, SelectStrategyFactory strategy);

  abstract Class<? extends SocketChannel> socketChannel();

  abstract Class<? extends ServerChannel> serverChannel();

  /** epoll when {@code preferNative} and it loads here, else NIO. */
  static NetworkTransport choose(boolean preferNative) {
    if (!preferNative) {
      return NIO;
    }
    if (Epoll.isAvailable()) {
      return EPOLL;
    }
    log.info("Links use Java NIO: Netty's native epoll transport is not available here ({})",
        String.valueOf(Epoll.unavailabilityCause()));
    return NIO;
  }
}
