package dev.echomesh.agent.liveness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ping targets of the current round (the source's plus the static ones), and which local
 * interface a remote address is on. The send thread refreshes; any thread reads.
 */
final class Targets {

  private static final Logger log = LoggerFactory.getLogger(Targets.class);

  private final PingTargetSource source;
  private final List<PingTarget> staticTargets;
  private volatile List<PingTarget> current;
  private boolean sourceFailing;

  Targets(PingTargetSource source, List<InetSocketAddress> staticTargets) {
    this.source = source;
    this.staticTargets = staticTargets.stream().map(PingTarget::unicast).toList();
    this.current = this.staticTargets;
  }

  /**
   * Asks the source for its targets and adds the static ones. When the source fails, keeps the
   * previous list and logs once until it works again. Called by one thread at a time: the service's
   * constructor, then the send thread.
   */
  List<PingTarget> refresh() {
    List<PingTarget> fromSource;
    try {
      fromSource = source.pingTargets();
    } catch (RuntimeException e) {
      if (!sourceFailing) {
        sourceFailing = true;
        log.warn(
            "the ping target source failed; pinging the previous targets until it recovers", e);
      }
      return current;
    }
    if (sourceFailing) {
      sourceFailing = false;
      log.info("the ping target source works again");
    }
    List<PingTarget> all = new ArrayList<>(fromSource.size() + staticTargets.size());
    all.addAll(fromSource);
    all.addAll(staticTargets);
    current = List.copyOf(all);
    return current;
  }

  /** The targets of the latest round. */
  List<PingTarget> current() {
    return current;
  }

  /**
   * The local interface whose subnet holds {@code remote}, among the current targets' interfaces.
   */
  Optional<LocalInterface> interfaceFor(InetAddress remote) {
    for (PingTarget target : current) {
      if (target.via().isPresent() && target.via().get().contains(remote)) {
        return target.via();
      }
    }
    return Optional.empty();
  }
}
