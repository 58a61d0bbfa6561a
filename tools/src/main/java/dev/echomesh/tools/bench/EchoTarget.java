package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One contender of the call benchmark: something that sends a payload to a server over one
 * connection (or link) and gets the same bytes back. Opened ready to call; closing it stops
 * its server and client and releases every thread and socket.
 */
interface EchoTarget extends AutoCloseable {

  /** Short name used in the table and as a JSON key, e.g. {@code grpc}. */
  String name();

  /** What carries the bytes, e.g. "TLSv1.3 TLS_AES_128_GCM_SHA256 (OpenSSL)". */
  String transport();

  /**
   * Whether {@link #callAsync} can have many calls in flight on the one connection. Blocking
   * ping-pong floors cannot: they are measured with one call in flight only.
   */
  boolean pipelined();

  /**
   * Sends {@code payload} and waits for the echo, at most {@code timeout}.
   *
   * @return the bytes that came back
   * @throws Exception when the call fails or times out
   */
  byte[] call(byte[] payload, Duration timeout) throws Exception;

  /**
   * Starts a call and returns at once. Only for {@link #pipelined()} targets.
   *
   * @return a future of the echoed bytes; it fails when the call fails
   */
  default CompletableFuture<byte[]> callAsync(byte[] payload) {
    throw new UnsupportedOperationException(name() + " has one call in flight at most");
  }

  @Override
  void close();
}
