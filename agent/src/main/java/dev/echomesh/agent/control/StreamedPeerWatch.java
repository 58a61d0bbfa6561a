package dev.echomesh.agent.control;

import dev.echomesh.proto.control.Response;
import java.io.IOException;
import java.time.Duration;

/** {@link PeerWatch} over a connection that sent a watch request. */
final class StreamedPeerWatch implements PeerWatch {

  /** How long the stream may stay silent: several of the agent's keepalive intervals. */
  static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(60);

  private final ClientChannel channel;
  private boolean first = true;

  StreamedPeerWatch(ClientChannel channel) {
    this.channel = channel;
  }

  @Override
  public Update next() throws IOException {
    while (true) {
      Response response = channel.receive(SILENCE_TIMEOUT);
      if (response == null) {
        return null;
      }
      switch (response.getKindCase()) {
        case KEEPALIVE:
          continue;
        case PEERS:
        case PEERS_CHANGED:
          boolean snapshot = first;
          first = false;
          return new Update(
              snapshot,
              ResponseDecoding.peers(
                  response.hasPeers()
                      ? response.getPeers().getPeersList()
                      : response.getPeersChanged().getPeersList()));
        case ERROR:
          throw ClientChannel.error(response);
        default:
          throw ClientChannel.protocol(
              "unexpected " + response.getKindCase() + " on a watch stream");
      }
    }
  }

  @Override
  public void close() {
    channel.close();
  }
}
