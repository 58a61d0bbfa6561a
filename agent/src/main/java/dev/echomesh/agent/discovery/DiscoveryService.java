package dev.echomesh.agent.discovery;

import dev.echomesh.agent.time.Ticker;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Announces this node with mDNS ({@code _echomesh._tcp.local.}) on the selected interfaces and
 * reports the other nodes of its mesh to a {@link DiscoveryListener}.
 *
 * <p>One jmdns instance runs per selected interface (on its first IPv4 address); interfaces are
 * re-read every {@link DiscoveryConfig#pollInterval()}, and an interface that appears, goes, or
 * changes address or MAC is announced again (or withdrawn). The TXT record carries {@code id},
 * {@code mesh}, {@code v}, {@code mac}, {@code udp} and {@code name} (DESIGN.md).
 *
 * <p><b>jmdns is slow, so nothing waits for it.</b> Measured with jmdns 3.6.1 on the virtual LAN
 * (network namespaces on one bridge, two shared cores; {@code DiscoveryIT} and
 * {@code MdnsTimingIT} print these numbers on every run):
 * <ul>
 *   <li>{@link #start()} returns in under 5 ms; a browser on another host resolves the new node
 *       4.1-4.4 s later (median 4.1-4.2 s, 2 and 5 hosts, 42 pairs): jmdns probes its host name
 *       three times a second apart before its first announcement, whatever the LAN size.
 *       {@code serviceResolved} fires twice, the first time without TXT; that one is ignored;
 *   <li>a clean stop: {@code JmDNS.close()} sends the goodbye at once, twice more a second
 *       apart, and returns after 2.0-2.2 s. Browsers drop the records one second after the
 *       goodbye but report the removal only at their next cache sweep (every 10 s), so 1-11 s
 *       after it (3.9-5.5 s in our runs);
 *   <li>after {@code kill -9} nothing is withdrawn: the records (TTL 3600 s) were still listed
 *       150 s later;
 *   <li>an address change (old address removed, new one added) reaches other hosts after the
 *       next poll, at most {@link DiscoveryConfig#closeTimeout()} for the old instance to close
 *       (it cannot send its goodbye without the address and gives up only after 10 s), and the
 *       4 s of probing: 7.5 s with a 0.5 s poll. The old address stays in the announced list
 *       until the browser's next cache sweep (15 s after the change in that run).
 * </ul>
 * So {@link #start()} and {@link #stop()} return at once; mDNS is the interoperable
 * announcement and the source of the TXT details, while UDP liveness decides who is alive.
 *
 * <p>jmdns runs only for selected interfaces: each instance joins the mDNS group and sends on its
 * own interface only (on Linux its socket listens on UDP 5353 of every address, as jmdns does;
 * records heard there are attributed to the interface whose subnet holds the sender's address).
 * IPv4 only: no instance runs on IPv6 addresses, though AAAA addresses other implementations
 * announce are reported.
 */
public interface DiscoveryService extends AutoCloseable {

  /**
   * A discovery service on this machine's interfaces. Nothing happens until {@link #start()}.
   *
   * @param config interface selection, polling, close timeout
   * @param self what to announce
   * @param listener receives announcements and goodbyes of other nodes of {@code self}'s mesh
   */
  static DiscoveryService create(DiscoveryConfig config, LocalNode self, DiscoveryListener listener) {
    return create(config, self, listener, InterfaceSource.system());
  }

  /**
   * A discovery service that lists interfaces through {@code interfaces}, e.g. a source shared
   * with the UDP liveness layer so that both work on one enumeration. Nothing happens until
   * {@link #start()}.
   */
  static DiscoveryService create(DiscoveryConfig config, LocalNode self, DiscoveryListener listener,
      InterfaceSource interfaces) {
    return create(config, self, listener, interfaces, Ticker.system());
  }

  /** As the other factories, with the times of {@link #report()} read on {@code ticker}. */
  static DiscoveryService create(DiscoveryConfig config, LocalNode self, DiscoveryListener listener,
      InterfaceSource interfaces, Ticker ticker) {
    return new MdnsDiscoveryService(config, self, listener, interfaces,
        JmdnsEndpoint.factory(JmdnsEndpoint.hostName("echomesh-" + self.nodeId().shortForm())), ticker);
  }

  /**
   * Starts announcing and browsing in the background and returns at once. Does nothing when
   * {@link DiscoveryConfig#enabled()} is false or it already runs.
   *
   * @throws IllegalStateException if it was stopped
   */
  void start();

  /**
   * Withdraws the announcements (goodbyes go out at once) and closes mDNS in the background;
   * returns at once. Idempotent. No listener call follows it.
   *
   * @return completes when every jmdns instance has closed, or after
   *     {@link DiscoveryConfig#closeTimeout()} at the latest; never fails. A process about to
   *     exit waits for it, or at least long enough for the first goodbye to leave (the agent waits
   *     {@code RealAgent.MDNS_GOODBYE_WAIT}). jmdns's timer threads are not daemons: a
   *     process that ends by returning from {@code main} must have called stop.
   */
  CompletableFuture<Void> stop();

  /** The interfaces mDNS runs on now. */
  List<String> interfaces();

  /**
   * What mDNS hears now: whether this node's own announcement comes back, and the nodes of other
   * meshes on the LAN.
   */
  DiscoveryReport report();

  /** How many mDNS records of our service type were malformed or of another version. */
  long rejectedAnnouncements();

  /** Same as {@link #stop()}, without waiting. */
  @Override
  default void close() {
    stop();
  }
}
