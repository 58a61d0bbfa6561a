package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeId;
import java.util.Arrays;

/** Node IDs, mesh secrets and local nodes for liveness tests. */
final class TestNodes {

  /** Wall clock used by tests that do not care: 2025-01-01T00:00:00Z. */
  static final long NOW_MILLIS = 1_735_689_600_000L;

  private TestNodes() {}

  /** A node ID made of 32 copies of {@code fill}. */
  static NodeId nodeId(int fill) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) fill);
    return NodeId.fromBytes(bytes);
  }

  /** A ping key made of 32 copies of {@code fill}. */
  static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  /** Mesh secrets with {@link #key(int)}. */
  static MeshSecrets mesh(int keyFill) {
    return new MeshSecrets("mesh-" + keyFill, key(keyFill));
  }

  /** Node {@code fill} named "node-{fill}", link port 7000 + fill, the given incarnation. */
  static LocalNode node(int fill, long incarnation) {
    return new LocalNode(nodeId(fill), "node-" + fill, 7000 + fill, incarnation);
  }
}
