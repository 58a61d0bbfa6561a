package dev.echomesh.agent.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Chooses the interfaces mDNS (and UDP liveness) use. Pure: it only looks at
 * {@link LocalInterface} descriptions.
 *
 * <p>With explicit names ({@code --interface}), exactly those are used, provided each is up
 * and multicast-capable. Otherwise an interface is used when it is up, multicast-capable and not
 * loopback, and
 * <ul>
 *   <li>when include patterns are given, matches one of them (this also admits virtual ones);
 *       when none are given, is not a common virtual interface ({@link #VIRTUAL_PATTERNS});
 *   <li>matches no exclude pattern.
 * </ul>
 * Every interface left out gets a one-line reason, for logs that tell the operator what to change.
 */
public final class InterfaceSelector {

  /**
   * Interfaces skipped unless named or included: container bridges and their host-side veths,
   * VM bridges, VPN tunnels and overlay networks. Announcing there reaches no LAN peer and leaks
   * the node into networks it was not meant for -- a classic complaint about jmdns, Syncthing
   * and libp2p.
   */
  public static final List<String> VIRTUAL_PATTERNS = List.of(
      "docker*", "br-*", "veth*", "virbr*", "vnet*", "tun*", "tap*", "wg*", "zt*", "tailscale*",
      "cni*", "flannel*", "cali*", "vxlan*", "lxcbr*", "lxdbr*", "podman*");

  private static final List<Glob> VIRTUAL = VIRTUAL_PATTERNS.stream().map(Glob::of).toList();

  private final List<String> names;
  private final List<Glob> include;
  private final List<Glob> exclude;

  /**
   * @param names explicit interface names; when non-empty, patterns must be empty
   * @param include glob patterns of interfaces to use (empty: every non-virtual one)
   * @param exclude glob patterns of interfaces never to use
   * @throws IllegalArgumentException if a name or pattern is blank or holds whitespace, or
   *     names are combined with patterns
   */
  public InterfaceSelector(List<String> names, List<String> include, List<String> exclude) {
    this.names = List.copyOf(names);
    this.include = include.stream().map(Glob::of).toList();
    this.exclude = exclude.stream().map(Glob::of).toList();
    for (String name : this.names) {
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("an interface name must be non-empty without spaces, got '" + name + "'");
      }
    }
    if (!this.names.isEmpty() && !(this.include.isEmpty() && this.exclude.isEmpty())) {
      throw new IllegalArgumentException("give interface names or include/exclude patterns, not both");
    }
  }

  /** A selector with the defaults: every up, multicast, non-loopback, non-virtual interface. */
  public static InterfaceSelector defaults() {
    return new InterfaceSelector(List.of(), List.of(), List.of());
  }

  /**
   * The result of a selection.
   *
   * @param selected the interfaces to use, in the order given
   * @param skipped every other interface by name, with why it was left out; plus explicitly
   *     named interfaces that do not exist
   */
  public record Selection(List<LocalInterface> selected, Map<String, String> skipped) {
    public Selection {
      selected = List.copyOf(selected);
      skipped = Map.copyOf(skipped);
    }

    /** The names of the selected interfaces. */
    public Set<String> selectedNames() {
      return selected.stream().map(LocalInterface::name).collect(Collectors.toUnmodifiableSet());
    }
  }

  /** Selects among {@code interfaces}. */
  public Selection select(List<LocalInterface> interfaces) {
    List<LocalInterface> selected = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (LocalInterface nic : interfaces) {
      Optional<String> reason = names.isEmpty() ? automaticReject(nic) : explicitReject(nic);
      if (reason.isPresent()) {
        skipped.put(nic.name(), reason.get());
      } else {
        selected.add(nic);
      }
    }
    Map<String, LocalInterface> byName = interfaces.stream()
        .collect(Collectors.toMap(LocalInterface::name, Function.identity(), (a, b) -> a));
    for (String name : names) {
      if (!byName.containsKey(name)) {
        skipped.put(name, "no such interface");
      }
    }
    return new Selection(selected, skipped);
  }

  private Optional<String> explicitReject(LocalInterface nic) {
    if (!names.contains(nic.name())) {
      return Optional.of("not named in the interface list " + names);
    }
    return basicReject(nic);
  }

  private Optional<String> automaticReject(LocalInterface nic) {
    if (nic.loopback()) {
      return Optional.of("loopback");
    }
    Optional<String> basic = basicReject(nic);
    if (basic.isPresent()) {
      return basic;
    }
    if (include.isEmpty()) {
      Optional<Glob> virtual = VIRTUAL.stream().filter(g -> g.matches(nic.name())).findFirst();
      if (virtual.isPresent()) {
        return Optional.of("virtual (matches " + virtual.get() + "); name it or include it to use it");
      }
    } else if (include.stream().noneMatch(g -> g.matches(nic.name()))) {
      return Optional.of("matches no include pattern " + include);
    }
    return exclude.stream().filter(g -> g.matches(nic.name())).findFirst()
        .map(g -> "excluded by pattern " + g);
  }

  private static Optional<String> basicReject(LocalInterface nic) {
    if (!nic.up()) {
      return Optional.of("down or without carrier");
    }
    if (!nic.multicast()) {
      return Optional.of("no multicast support");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return names.isEmpty()
        ? "InterfaceSelector[include=" + include + ", exclude=" + exclude + "]"
        : "InterfaceSelector[names=" + names + "]";
  }
}
