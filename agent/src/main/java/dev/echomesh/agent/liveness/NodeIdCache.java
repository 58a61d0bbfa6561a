package dev.echomesh.agent.liveness;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.identity.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * Node IDs as wire bytes and back, remembered: a node ID's text form is computed when it is made,
 * which would otherwise be paid for every datagram of the same few peers. Holds at most {@link
 * #CAPACITY} IDs and starts over when full (only authenticated datagrams add to it). Not
 * thread-safe: one per codec.
 */
final class NodeIdCache {

  /** IDs remembered; far more than the members of a LAN mesh. */
  static final int CAPACITY = 4_096;

  private final Map<ByteString, NodeId> byBytes = new HashMap<>();
  private final Map<NodeId, ByteString> byId = new HashMap<>();

  /** The node ID of 32 wire bytes; the caller has checked the length. */
  NodeId fromWire(ByteString bytes) {
    NodeId id = byBytes.get(bytes);
    if (id == null) {
      id = NodeId.fromBytes(bytes.toByteArray());
      remember(id, bytes);
    }
    return id;
  }

  /** The wire bytes of {@code id}. */
  ByteString toWire(NodeId id) {
    ByteString bytes = byId.get(id);
    if (bytes == null) {
      bytes = ByteString.copyFrom(id.toBytes());
      remember(id, bytes);
    }
    return bytes;
  }

  private void remember(NodeId id, ByteString bytes) {
    if (byBytes.size() >= CAPACITY) {
      byBytes.clear();
      byId.clear();
    }
    byBytes.put(bytes, id);
    byId.put(id, bytes);
  }
}
