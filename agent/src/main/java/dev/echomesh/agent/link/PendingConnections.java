package dev.echomesh.agent.link;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Admission of incoming connections that are not yet authenticated (accepted, TLS handshake and
 * Hello not finished): at most {@code maxTotal} at once, and at most {@code maxPerAddress} from one
 * source address. Past a bound the connection is refused at once, so that idle or junk connections
 * cannot take the agent's file descriptors and memory, and one flooding host cannot take every
 * slot from the others. Each admission is released exactly once, when the connection becomes a
 * link or closes. Thread-safe; never blocks for longer than a map update.
 */
final class PendingConnections {

  private final int maxTotal;
  private final int maxPerAddress;
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private int total;

  PendingConnections(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for a connection from {@code source}; returns null when admitted, else why not. */
  synchronized Refusal admit(InetAddress source) {
    if (total >= maxTotal) {
      return Refusal.PENDING_LIMIT;
    }
    int fromSource = perAddress.getOrDefault(source, 0);
    if (fromSource >= maxPerAddress) {
      return Refusal.PENDING_LIMIT_PER_ADDRESS;
    }
    perAddress.put(source, fromSource + 1);
    total++;
    return null;
  }

  /** Gives back the slot of an admitted connection from {@code source}. */
  synchronized void release(InetAddress source) {
    Integer fromSource = perAddress.get(source);
    if (fromSource == null) {
      throw new IllegalStateException("no pending connection from " + source + " to release");
    }
    if (fromSource == 1) {
      perAddress.remove(source);
    } else {
      perAddress.put(source, fromSource - 1);
    }
    total--;
  }

  /** Connections admitted and not yet released. */
  synchronized int total() {
    return total;
  }

  /** Connections from {@code source} admitted and not yet released. */
  synchronized int from(InetAddress source) {
    return perAddress.getOrDefault(source, 0);
  }
}
