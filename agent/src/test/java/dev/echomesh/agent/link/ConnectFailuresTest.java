package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {

  @Test
  void isRefused_nioRefusal_true() {
    assertTrue(ConnectFailures.isRefused(new ConnectException("Connection refused")));
  }

  @Test
  void isRefused_epollRefusalWithAddress_true() {
    assertTrue(ConnectFailures.isRefused(
        new ConnectException("connect(..) failed: Connection refused: /198.18.0.3:7451")));
  }

  @Test
  void isRefused_connectTimeout_false() {
    assertFalse(ConnectFailures.isRefused(new ConnectTimeoutException("connection timed out: /198.18.0.3:7451")));
  }

  @Test
  void isRefused_epollHostUnreachable_false() {
    assertFalse(ConnectFailures.isRefused(new ConnectException("connect(..) failed: No route to host")));
  }

  @Test
  void isRefused_noRouteToHost_false() {
    assertFalse(ConnectFailures.isRefused(new NoRouteToHostException("No route to host")));
  }

  @Test
  void isRefused_otherErrorOrNoMessage_false() {
    assertFalse(ConnectFailures.isRefused(new IOException("Connection refused")));
    assertFalse(ConnectFailures.isRefused(new ConnectException()));
  }

  @Test
  void isResetBeforeHandshake_epollReadReset_true() {
    assertTrue(ConnectFailures.isResetBeforeHandshake(
        new IOException("recvAddress(..) failed with error(-104): Connection reset by peer")));
  }

  @Test
  void isResetBeforeHandshake_resetWrappedByTls_true() {
    assertTrue(ConnectFailures.isResetBeforeHandshake(
        new SSLException("handshake failed", new IOException("Connection reset by peer"))));
  }

  @Test
  void isResetBeforeHandshake_closedOrTlsFailureOrNoMessage_false() {
    assertFalse(ConnectFailures.isResetBeforeHandshake(new SSLException("Received fatal alert: bad_certificate")));
    assertFalse(ConnectFailures.isResetBeforeHandshake(new IOException("Broken pipe")));
    assertFalse(ConnectFailures.isResetBeforeHandshake(new IOException()));
  }
}
