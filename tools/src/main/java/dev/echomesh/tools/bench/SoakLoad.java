package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls one soak agent makes: once the bench writes the start file ({@code FROM_MILLIS
 * UNTIL_MILLIS}), a call about every {@link #INTERVAL} until UNTIL, plain calls to a random ALIVE
 * peer and keyed {@code callAny} calls in turn. Prints each call and how it ended:
 *
 * <pre>
 * call MILLIS CALL_ID plain|any TARGET    TARGET: the peer's node ID, "-" for callAny
 * done MILLIS CALL_ID STATUS PEER ATTEMPTS TRAIL   PEER "-" when none answered; TRAIL: {@link SoakTrail}
 * </pre>
 *
 * A call ID is unique over the whole run ({@code NAME.JVM_START_MILLIS.SEQUENCE}), so a
 * restarted agent never reuses one.
 */
final class SoakLoad implements Runnable {

  /** Mean time between two calls of one agent (each waits 50% to 150% of it). */
  static final Duration INTERVAL = Duration.ofMillis(250);
  /**
   * Calls one agent keeps in flight at most; past it the next call waits for its turn, so a cut
   * peer cannot make an agent pile up calls.
   */
  static final int MAX_IN_FLIGHT = 64;
  private static final Duration START_POLL = Duration.ofMillis(100);

  private final SoakCalls calls;
  private final Path startFile;
  private final String idPrefix;
  private final long lifetimeEndMillis;
  private final AtomicInteger inFlight = new AtomicInteger();
  private long sequence;

  /**
   * @param startFile the file the bench writes when the load starts
   * @param idPrefix first part of every call ID, unique to this process (name and start time)
   * @param lifetimeEndMillis Unix millis after which this load never starts
   */
  SoakLoad(SoakCalls calls, Path startFile, String idPrefix, long lifetimeEndMillis) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.startFile = Objects.requireNonNull(startFile, "startFile");
    this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
    this.lifetimeEndMillis = lifetimeEndMillis;
  }

  @Override
  public void run() {
    try {
      long[] window = awaitWindow();
      if (window == null) {
        return;
      }
      sleepUntil(window[0]);
      while (System.currentTimeMillis() < window[1]) {
        if (inFlight.get() < MAX_IN_FLIGHT) {
          callOnce();
        }
        long pause = INTERVAL.toMillis() / 2 + ThreadLocalRandom.current().nextLong(INTERVAL.toMillis() + 1);
        Thread.sleep(pause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** [from, until] from the start file once it exists; null when the lifetime ends first. */
  private long[] awaitWindow() throws InterruptedException {
    while (System.currentTimeMillis() < lifetimeEndMillis) {
      if (Files.exists(startFile)) {
        try {
          String[] words = Files.readString(startFile, StandardCharsets.US_ASCII).strip().split(" ");
          if (words.length == 2) {
            return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
          }
        } catch (IOException | NumberFormatException e) {
          // Being written right now: read it again at the next poll.
        }
      }
      Thread.sleep(START_POLL.toMillis());
    }
    return null;
  }

  private void callOnce() {
    String id = idPrefix + "." + sequence;
    boolean keyed = sequence % 2 == 1;
    sequence++;
    byte[] payload = id.getBytes(StandardCharsets.US_ASCII);
    if (keyed) {
      start(id, "any", "-");
      track(id, calls.callAny(payload));
      return;
    }
    List<NodeId> peers = calls.alivePeers();
    if (peers.isEmpty()) {
      return;
    }
    NodeId peer = peers.get(ThreadLocalRandom.current().nextInt(peers.size()));
    start(id, "plain", peer.toString());
    track(id, calls.call(peer, payload));
  }

  private void start(String id, String kind, String target) {
    inFlight.incrementAndGet();
    LanAgentMain.event("call", System.currentTimeMillis(), id + " " + kind + " " + target);
  }

  private void track(String id, CompletableFuture<SoakCalls.Outcome> call) {
    call.whenComplete((outcome, error) -> {
      inFlight.decrementAndGet();
      if (error != null) {
        LanAgentMain.event("done", System.currentTimeMillis(), id + " ERROR:" + error.getClass().getSimpleName() + " - 0");
      } else {
        LanAgentMain.event("done", System.currentTimeMillis(), id + " " + outcome.status() + " "
            + (outcome.peer() == null ? "-" : outcome.peer().toString()) + " " + outcome.attempts() + " "
            + outcome.trail().word());
      }
    });
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long wait = millis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
