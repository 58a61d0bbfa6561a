package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.CallAttempt;
import dev.echomesh.agent.link.LinkLayer;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.internal.IdempotencyCache;
import dev.echomesh.agent.time.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@link Agent#callAny} for the real agent: the candidates (ALIVE peers not known to lack the
 * task, with their round trips and reported load and tags), their order ({@link PeerSelection}),
 * the idempotency key of the logical call (the caller's, or a fresh one), and the fail-over
 * ({@link AnyCall}), which waits for a silent peer through {@link PeerRevivals}. Thread-safe.
 */
final class AnyCaller {

  /** Bytes of a callAny's idempotency key: 128 random bits, as a random UUID. */
  static final int KEY_BYTES = 16;

  private final PeerTable peers;
  private final PeerReports reports;
  private final LinkLayer links;
  private final Ticker ticker;
  private final Duration linkTimeout;
  private final OfferMemory offers = new OfferMemory();
  private final SecureRandom random = new SecureRandom();
  private final AnyCall.PeerLiveness liveness;

  /** @param linkTimeout {@link AgentConfig#CALL_ANY_LINK_TIMEOUT} */
  AnyCaller(PeerTable peers, PeerReports reports, LinkLayer links, Ticker ticker, Duration linkTimeout) {
    this.linkTimeout = linkTimeout;
    this.peers = peers;
    this.reports = reports;
    this.links = links;
    this.ticker = ticker;
    PeerRevivals revivals = new PeerRevivals(peers);
    peers.addListener(revivals);
    this.liveness = new AnyCall.PeerLiveness() {
      @Override
      public AnyCall.Condition condition(NodeId peer) {
        return peers.get(peer).map(p -> switch (p.state()) {
          case ALIVE -> AnyCall.Condition.ALIVE;
          case SUSPECT, DEAD -> AnyCall.Condition.SILENT;
          case LEFT -> AnyCall.Condition.GONE;
        }).orElse(AnyCall.Condition.GONE);
      }

      @Override
      public CompletableFuture<Void> whenAlive(NodeId peer) {
        return revivals.whenAlive(peer);
      }
    };
  }

  /**
   * @param timeout for all attempts together; positive
   * @param idempotencyKey the caller's key, 1 to {@link IdempotencyCache#MAX_KEY_BYTES} bytes; null
   *     = a fresh random one
   * @throws IllegalArgumentException if {@code timeout} is zero or negative, or the key is empty or
   *     too long
   */
  CompletableFuture<AnyCallResult> callAny(String task, PeerSelector selector, byte[] payload, Duration timeout,
      byte[] idempotencyKey) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(selector, "selector");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a call timeout must be positive, got " + timeout);
    }
    byte[] key = idempotencyKey == null ? freshKey() : checkedKey(idempotencyKey);
    byte[] bytes = payload == null ? new byte[0] : payload.clone();
    List<NodeId> order = PeerSelection.order(candidates(task), selector, random);
    AnyCall.PeerCall peerCall = (peer, nanos, k, linkNanos) -> {
      CompletableFuture<CallAttempt> attempt = links.attempt(peer, task, bytes, Duration.ofNanos(nanos), k,
          Duration.ofNanos(linkNanos));
      attempt.thenAccept(done -> {
        if (done.result().status() == TaskStatus.NOT_FOUND) {
          peers.get(peer).ifPresent(p -> offers.learnLacks(peer, p.incarnation(), task));
        }
      });
      return attempt; // cancelling it cancels the call on the link
    };
    AnyCall call = new AnyCall(order, peerCall, liveness, ticker, timeout.toNanos(), linkTimeout.toNanos(), key);
    return call.start("no ALIVE peer offers '" + task + "'"
        + (selector.requiredTags().isEmpty() ? "" : " with tags " + selector.requiredTags()));
  }

  private byte[] freshKey() {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  private static byte[] checkedKey(byte[] key) {
    if (key.length == 0 || key.length > IdempotencyCache.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("an idempotency key must have 1 to " + IdempotencyCache.MAX_KEY_BYTES
          + " bytes, got " + key.length);
    }
    return key.clone();
  }

  private List<PeerSelection.Candidate> candidates(String task) {
    List<Peer> known = peers.snapshot();
    Set<NodeId> present = known.stream().map(Peer::id).collect(Collectors.toSet());
    offers.retain(present);
    reports.retain(present);
    List<PeerSelection.Candidate> candidates = new ArrayList<>();
    for (Peer peer : known) {
      if (peer.state() == PeerState.ALIVE && !offers.lacks(peer.id(), peer.incarnation(), task)) {
        candidates.add(PeerCandidates.of(peer, reports.of(peer.id(), peer.incarnation())));
      }
    }
    return candidates;
  }
}
