package dev.echomesh.agent.liveness;

import java.util.List;

/**
 * Supplies the current ping targets, typically the subnet broadcast address of each selected
 * interface (see {@link PingTarget#subnetBroadcast}). Implemented by whoever watches the
 * interfaces; the liveness service only asks.
 *
 * <p>Called on the liveness send thread once per ping round, so it must return at once from cached
 * state (never enumerate interfaces or touch the network here). If it throws, the round uses the
 * previous list and the failure is logged.
 */
@FunctionalInterface
public interface PingTargetSource {

  /** Current targets; the static targets of {@link LivenessConfig#staticTargets()} are added. */
  List<PingTarget> pingTargets();

  /** No dynamic targets: only the configured static ones. */
  static PingTargetSource none() {
    return List::of;
  }
}
