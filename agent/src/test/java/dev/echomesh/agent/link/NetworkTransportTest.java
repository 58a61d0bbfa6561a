package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {

  @Test
  void choose_nativeNotWanted_isNio() {
    assertEquals(NetworkTransport.NIO, NetworkTransport.choose(false));
  }

  /** The packaged native library loads on the platforms the agent ships it for. */
  @Test
  void choose_onLinuxX86OrArm64_isEpoll() {
    assumeTrue(System.getProperty("os.name").equals("Linux")
        && Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")), "not a platform with epoll in the jar");
    assertEquals(NetworkTransport.EPOLL, NetworkTransport.choose(true));
  }
}
