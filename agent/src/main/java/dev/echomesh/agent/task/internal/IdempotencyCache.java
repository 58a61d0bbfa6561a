package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The idempotency keys a callee has seen, scoped by the caller's node ID (one caller can never
 * read another's results), each with its run: still running, or finished with the result it
 * answered. A pure data structure: time comes in as readings of the agent's ticker ({@code
 * nowNanos}), so tests step through the window without sleeping. Thread-safe (one lock; every
 * method is a few map operations).
 *
 * <p>Bounds, and what happens past them (neither ever lets a key run twice):
 *
 * <ul>
 *   <li>{@code maxEntries} keys remembered at once, running or finished: a new key past it is
 *       refused ({@link Claim.Full}: the caller gets OVERLOADED and may retry once older keys'
 *       window has passed).
 *   <li>{@code maxResultBytes} of result payloads and messages remembered in total: past it, the
 *       oldest finished results lose their payload and a repeat of their key gets FAILED, "the
 *       result was not kept", instead of the payload. Each entry costs in addition about {@value
 *       #ENTRY_OVERHEAD_BYTES} bytes plus its key, bounded through {@code maxEntries}.
 * </ul>
 *
 * <p>A finished result is remembered for {@code window} after it finished; a running key is kept
 * until its run ends.
 *
 * @param <R> what the claimant of a new key keeps while it runs (handed to later claimants of the
 *     same key, to wait for its outcome)
 */
public final class IdempotencyCache<R> {

  /** Longest idempotency key accepted, in bytes: room for a UUID or a SHA-256. */
  public static final int MAX_KEY_BYTES = 64;
  /** Rough heap cost of one entry besides its key and result: map node, entry, deque slot. */
  public static final int ENTRY_OVERHEAD_BYTES = 200;

  private final Duration window;
  private final long windowNanos;
  private final int maxEntries;
  private final long maxResultBytes;
  private final Map<Scope, Entry<R>> entries = new HashMap<>();
  /** Finished entries in the order they finished (so also in the order they expire). */
  private final ArrayDeque<Entry<R>> finished = new ArrayDeque<>();
  private long resultBytes;

  /**
   * @param window how long a finished result is remembered; positive
   * @param maxEntries keys remembered at once; at least 1
   * @param maxResultBytes result bytes remembered at once; 0 keeps statuses only
   */
  public IdempotencyCache(Duration window, int maxEntries, long maxResultBytes) {
    if (window.isNegative() || window.isZero() || maxEntries < 1 || maxResultBytes < 0) {
      throw new IllegalArgumentException("need a positive window, maxEntries >= 1 and maxResultBytes >= 0, got "
          + window + ", " + maxEntries + " and " + maxResultBytes);
    }
    this.window = window;
    this.windowNanos = window.toNanos();
    this.maxEntries = maxEntries;
    this.maxResultBytes = maxResultBytes;
  }

  /** What {@link #claim} found for a key. */
  public sealed interface Claim<R> {
    /**
     * The key is new and recorded with {@code run}: the claimant runs the task and reports through
     * {@link #finish} or {@link #abandon}.
     */
    record Fresh<R>(Entry<R> entry, R run) implements Claim<R> {}

    /** The key's run has not finished yet: wait for its outcome. */
    record Running<R>(R run) implements Claim<R> {}

    /** The key's run finished within the window with this result. */
    record Remembered<R>(TaskResult result) implements Claim<R> {}

    /** Too many keys are remembered: refuse the call (OVERLOADED). */
    record Full<R>(int maxEntries) implements Claim<R> {}
  }

  /** One remembered key. Its fields are guarded by the cache's lock. */
  public static final class Entry<R> {
    private final Scope scope;
    private final R run;
    private TaskResult result;
    private long expiresAtNanos;
    private long chargedBytes;

    private Entry(Scope scope, R run) {
      this.scope = scope;
      this.run = run;
    }
  }

  /**
   * Looks {@code key} of {@code caller} up and, when new, records it as running with a run made by
   * {@code newRun} (called under the lock: keep it cheap).
   */
  public synchronized Claim<R> claim(NodeId caller, byte[] key, long nowNanos, Supplier<R> newRun) {
    expire(nowNanos);
    Scope scope = new Scope(Objects.requireNonNull(caller, "caller"), ByteBuffer.wrap(key.clone()));
    Entry<R> entry = entries.get(scope);
    if (entry != null) {
      return entry.result == null ? new Claim.Running<>(entry.run) : new Claim.Remembered<>(entry.result);
    }
    if (entries.size() >= maxEntries) {
      return new Claim.Full<>(maxEntries);
    }
    entry = new Entry<>(scope, newRun.get());
    entries.put(scope, entry);
    return new Claim.Fresh<>(entry, entry.run);
  }

  /** The run of {@code entry} ended with {@code result}: remember it for the window. */
  public synchronized void finish(Entry<R> entry, TaskResult result, long nowNanos) {
    if (entry.result != null || entries.get(entry.scope) != entry) {
      return;
    }
    entry.result = result;
    entry.expiresAtNanos = nowNanos + windowNanos;
    entry.chargedBytes = (long) result.payload().length + result.message().length();
    resultBytes += entry.chargedBytes;
    finished.addLast(entry);
    shed();
  }

  /** The task did not run for {@code entry} (not found, denied, overloaded): forget the key. */
  public synchronized void abandon(Entry<R> entry) {
    if (entry.result == null && entries.get(entry.scope) == entry) {
      entries.remove(entry.scope);
    }
  }

  /** Keys remembered now, running or finished (expired ones are dropped at the next claim). */
  public synchronized int size() {
    return entries.size();
  }

  /** Result bytes remembered now. */
  public synchronized long resultBytes() {
    return resultBytes;
  }

  /** How long finished results are remembered. */
  public Duration window() {
    return window;
  }

  private void expire(long nowNanos) {
    while (!finished.isEmpty() && nowNanos - finished.peekFirst().expiresAtNanos >= 0) {
      Entry<R> gone = finished.removeFirst();
      entries.remove(gone.scope);
      resultBytes -= gone.chargedBytes;
    }
  }

  /** Past the byte bound: the oldest finished results keep their status but lose their payload. */
  private void shed() {
    Iterator<Entry<R>> oldestFirst = finished.iterator();
    while (resultBytes > maxResultBytes && oldestFirst.hasNext()) {
      Entry<R> entry = oldestFirst.next();
      if (entry.chargedBytes > 0) {
        resultBytes -= entry.chargedBytes;
        entry.chargedBytes = 0;
        entry.result = TaskResult.error(TaskStatus.FAILED, "the task ran once (status " + entry.result.status()
            + ") but its result was not kept: the callee's memory bound for remembered results was reached");
      }
    }
  }

  /** A key as seen by the callee: always together with the caller that sent it. */
  private record Scope(NodeId caller, ByteBuffer key) {}
}
