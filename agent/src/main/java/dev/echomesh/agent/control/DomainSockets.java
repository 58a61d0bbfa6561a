package dev.echomesh.agent.control;

import dev.echomesh.agent.concurrent.BusyPollStrategy;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Netty's Unix-domain-socket server transports: the native epoll one where it loads (Linux), else
 * the JDK's (NIO, Java 16+), so the local API works wherever the agent runs.
 */
enum DomainSockets {
  EPOLL {
    @Override
    EventLoopGroup newGroup(ThreadFactory threads, SelectStrategyFactory strategy) {
      return new EpollEventLoopGroup(1, threads, strategy);
    }

    @Override
    Class<? extends ServerChannel> serverChannel() {
      return EpollServerDomainSocketChannel.class;
    }

    @Override
    SocketAddress address(Path socket) {
      return new DomainSocketAddress(socket.toFile());
    }
  },
  NIO {
    @Override
    EventLoopGroup newGroup(ThreadFactory threads, SelectStrategyFactory strategy) {
      return new NioEventLoopGroup(1, threads, SelectorProvider.provider(), strategy);
    }

    @Override
    Class<? extends ServerChannel> serverChannel() {
      return NioServerDomainSocketChannel.class;
    }

    @Override
    SocketAddress address(Path socket) {
      return UnixDomainSocketAddress.of(socket);
    }
  };

  /**
   * One event loop thread (the local API does no blocking work on it) that sleeps and wakes as
   * {@code strategy} says.
   */
  abstract EventLoopGroup newGroup(ThreadFactory threads, SelectStrategyFactory strategy);

  /** One event loop thread that polls for {@code busyPoll} after it worked; zero: not at all. */
  EventLoopGroup newGroup(ThreadFactory threads, Duration busyPoll) {
    return newGroup(
        threads,
        busyPoll.isZero()
            ? DefaultSelectStrategyFactory.INSTANCE
            : BusyPollStrategy.factory(busyPoll.toNanos()));
  }

  abstract Class<? extends ServerChannel> serverChannel();

  abstract SocketAddress address(Path socket);

  /** Epoll when its native library loads, NIO otherwise. */
  static DomainSockets best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }
}
