package dev.echomesh.agent.control;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.proto.control.Keepalive;
import dev.echomesh.proto.control.PeersResponse;
import dev.echomesh.proto.control.Request;
import dev.echomesh.proto.control.Response;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client connection on a thread of the server's pool: reads requests one at a time and
 * answers each, or streams the peer table for a watch request. Every read and write has a time
 * limit; a request that is too large or does not parse gets an error response and the connection is
 * closed.
 */
final class ControlConnection implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ControlConnection.class);

  private enum State {
    /** Waiting for a request: may be closed at once on shutdown. */
    IDLE,
    /** Working on a request: on shutdown it gets the shutdown timeout to finish. */
    BUSY,
    /** A watch stream: closed at once on shutdown. */
    WATCHING,
    CLOSED
  }

  private final UnixControlServer server;
  private final MessageChannel channel;
  private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
  private volatile PeerChanges watch;

  ControlConnection(UnixControlServer server, MessageChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  @Override
  public void run() {
    try {
      serve();
    } catch (MessageChannel.TooLargeException e) {
      server.countMalformed();
      log.warn("control: refused a {}-byte request (limit {} bytes)", e.length, e.limit);
      sendQuietly(RequestHandler.error(ControlError.REQUEST_TOO_LARGE, e.getMessage()));
    } catch (MessageChannel.MalformedException e) {
      server.countMalformed();
      log.warn("control: dropped a malformed request: {}", e.getMessage());
      sendQuietly(RequestHandler.error(ControlError.MALFORMED_REQUEST, e.getMessage()));
    } catch (IOException e) {
      if (state.get() != State.CLOSED) {
        log.debug("control connection ended: {}", e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("control connection failed", e);
      sendQuietly(RequestHandler.error(ControlError.INTERNAL, "the agent failed: " + e));
    } finally {
      close();
      server.connectionEnded(this);
    }
  }

  /** Closes the connection now unless it is working on a request. */
  void closeIfNotBusy() {
    State current = state.get();
    if (current != State.BUSY && state.compareAndSet(current, State.CLOSED)) {
      closeChannel();
    }
  }

  /** Closes the connection now, whatever it is doing. Idempotent. */
  void close() {
    state.set(State.CLOSED);
    closeChannel();
  }

  private void serve() throws IOException, InterruptedException {
    while (true) {
      byte[] bytes;
      try (Watchdog.Timer ignored =
          server.watchdog().arm(channel, server.config().requestReadTimeout())) {
        bytes = channel.read(server.config().maxRequestBytes());
      }
      if (bytes == null) {
        return; // the client is done
      }
      if (!state.compareAndSet(State.IDLE, State.BUSY)) {
        return; // closed while the request came in
      }
      Request request;
      try {
        request = Request.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        server.countMalformed();
        log.warn(
            "control: dropped a request that does not parse ({} bytes): {}",
            bytes.length,
            e.getMessage());
        send(
            RequestHandler.error(
                ControlError.MALFORMED_REQUEST, "the request does not parse: " + e.getMessage()));
        return;
      }
      if (!server.isAccepting()) {
        send(RequestHandler.error(ControlError.SHUTTING_DOWN, "the agent is shutting down"));
        return;
      }
      if (request.hasWatchPeers()) {
        watchPeers();
        return;
      }
      send(server.handler().handle(request));
      // Idle from here: close() either sees IDLE and closes it, or set closing before we look.
      if (!state.compareAndSet(State.BUSY, State.IDLE) || server.isClosing()) {
        return;
      }
    }
  }

  private void watchPeers() throws IOException, InterruptedException {
    if (!server.tryStartWatching()) {
      send(
          RequestHandler.error(
              ControlError.BUSY,
              "too many peer watchers ("
                  + server.config().maxWatchers()
                  + "); close one and retry"));
      return;
    }
    PeerChanges changes = new PeerChanges();
    watch = changes;
    server.fanout().subscribe(changes); // before the snapshot, so no change falls between
    try {
      if (!state.compareAndSet(State.BUSY, State.WATCHING)) {
        return;
      }
      send(RequestHandler.peersResponse(server.agent().peers()));
      while (!changes.isClosed()) {
        List<Peer> changed = changes.take(server.config().watchKeepaliveInterval());
        if (changes.isClosed()) {
          return;
        }
        send(changed.isEmpty() ? keepalive() : peersChanged(changed));
      }
    } finally {
      server.fanout().unsubscribe(changes);
      server.stopWatching();
    }
  }

  private static Response keepalive() {
    return Response.newBuilder().setKeepalive(Keepalive.getDefaultInstance()).build();
  }

  private static Response peersChanged(List<Peer> peers) {
    PeersResponse.Builder wire = PeersResponse.newBuilder();
    peers.forEach(peer -> wire.addPeers(ControlCodec.toWire(peer)));
    return Response.newBuilder().setPeersChanged(wire).build();
  }

  private void send(Response response) throws IOException {
    try (Watchdog.Timer ignored =
        server.watchdog().arm(channel, server.config().responseWriteTimeout())) {
      channel.write(response);
    }
  }

  private void sendQuietly(Response response) {
    if (!channel.isOpen()) {
      return;
    }
    try {
      send(response);
    } catch (IOException e) {
      log.debug("control: could not send the error response: {}", e.toString());
    }
  }

  private void closeChannel() {
    PeerChanges current = watch;
    if (current != null) {
      current.close();
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing a control connection failed: {}", e.toString());
    }
  }
}
