package dev.echomesh.agent.discovery;

import dev.echomesh.agent.identity.NodeId;
import java.util.Arrays;

/** Node IDs and local nodes for discovery tests. */
final class TestNodes {

  static final String MESH = "k5xv3q7m2d4hjw6a";
  static final String OTHER_MESH = "zz9yy8xx7ww6vv5u";

  private TestNodes() {}

  static NodeId id(int fill) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) fill);
    return NodeId.fromBytes(bytes);
  }

  static LocalNode node(int fill, String name) {
    return new LocalNode(id(fill), name, MESH, 7000 + fill, 8000 + fill);
  }
}
