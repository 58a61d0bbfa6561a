package dev.echomesh.agent.testing;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Node IDs and {@link Peer} records for tests, without keys or a network. */
public final class TestPeers {

  private TestPeers() {}

  /** A node ID that is the same for the same seed in every run: SHA-256 of the seed's text. */
  public static NodeId nodeId(String seed) {
    try {
      return NodeId.fromBytes(
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A builder for a peer named {@code name} with the node ID {@code nodeId(name)}, ALIVE. */
  public static Builder peer(String name) {
    return new Builder(nodeId(name)).name(name);
  }

  /** Builds a {@link Peer}; unset fields are empty or zero, the state ALIVE, lastSeen the epoch. */
  public static final class Builder {
    private NodeId id;
    private String name = "";
    private PeerState state = PeerState.ALIVE;
    private long incarnation = 1;
    private final List<InetAddress> addresses = new ArrayList<>();
    private String interfaceName = "";
    private String mac = "";
    private boolean macMismatch;
    private int linkPort;
    private int udpPort;
    private RttStats rtt = RttStats.NONE;
    private double lossPercent;
    private Instant lastSeen = Instant.EPOCH;

    private Builder(NodeId id) {
      this.id = id;
    }

    public Builder id(NodeId id) {
      this.id = id;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder state(PeerState state) {
      this.state = state;
      return this;
    }

    public Builder incarnation(long incarnation) {
      this.incarnation = incarnation;
      return this;
    }

    /** Adds an IP literal, e.g. "198.18.0.2" or "fe80::1"; never a DNS lookup. */
    public Builder address(String literal) {
      try {
        addresses.add(InetAddress.getByName(literal));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP literal: " + literal, e);
      }
      return this;
    }

    public Builder interfaceName(String interfaceName) {
      this.interfaceName = interfaceName;
      return this;
    }

    public Builder mac(String mac) {
      this.mac = mac;
      return this;
    }

    public Builder macMismatch(boolean macMismatch) {
      this.macMismatch = macMismatch;
      return this;
    }

    public Builder linkPort(int linkPort) {
      this.linkPort = linkPort;
      return this;
    }

    public Builder udpPort(int udpPort) {
      this.udpPort = udpPort;
      return this;
    }

    public Builder rtt(RttStats rtt) {
      this.rtt = rtt;
      return this;
    }

    public Builder lossPercent(double lossPercent) {
      this.lossPercent = lossPercent;
      return this;
    }

    public Builder lastSeen(Instant lastSeen) {
      this.lastSeen = lastSeen;
      return this;
    }

    public Peer build() {
      return new Peer(
          id,
          name,
          state,
          incarnation,
          addresses,
          interfaceName,
          mac,
          macMismatch,
          linkPort,
          udpPort,
          rtt,
          lossPercent,
          lastSeen);
    }
  }
}
