package dev.echomesh.agent.discovery;

import dev.echomesh.agent.discovery.AnnouncementRejectedException.Reason;
import dev.echomesh.agent.identity.NodeId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The TXT record of an echomesh mDNS service and its checks, both ways.
 *
 * <p>Keys (DESIGN.md): {@code id} node ID, {@code mesh} mesh ID, {@code v} protocol version,
 * {@code mac} MAC of the announcing interface, {@code udp} liveness port, {@code name} node name.
 * Unknown keys are ignored, so later versions may add keys without breaking this one.
 */
final class AnnouncementCodec {

  /** The DNS-SD service type. */
  static final String SERVICE_TYPE = "_echomesh._tcp.local.";
  /** The protocol version this node speaks and requires. */
  static final String PROTOCOL_VERSION = "1";

  static final String KEY_ID = "id";
  static final String KEY_MESH = "mesh";
  static final String KEY_VERSION = "v";
  static final String KEY_MAC = "mac";
  static final String KEY_UDP = "udp";
  static final String KEY_NAME = "name";

  /** Longest mesh ID: key-mode IDs are 16 characters; CA-mode IDs are longer fingerprints. */
  static final int MAX_MESH_ID_CHARS = 64;

  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5,19}");
  private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

  private AnnouncementCodec() {}

  /** The TXT record data this node announces on an interface with MAC {@code mac}. */
  static byte[] encode(LocalNode node, String mac) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(KEY_ID, node.nodeId().toString());
    entries.put(KEY_MESH, node.meshId());
    entries.put(KEY_VERSION, PROTOCOL_VERSION);
    entries.put(KEY_MAC, mac);
    entries.put(KEY_UDP, Integer.toString(node.udpPort()));
    entries.put(KEY_NAME, node.name());
    return TxtCodec.encode(entries);
  }

  /**
   * Turns a resolved mDNS service into an announcement.
   *
   * @param txt the TXT record data
   * @param linkPort the SRV port
   * @param addresses the A and AAAA addresses
   * @param interfaceName our interface it was heard on
   * @throws AnnouncementRejectedException when it is incomplete, malformed or of another
   *     protocol version; the message says what is wrong, safe to log
   */
  static Announcement decode(byte[] txt, int linkPort, List<InetAddress> addresses, String interfaceName)
      throws AnnouncementRejectedException {
    if (txt == null || txt.length == 0 || (txt.length == 1 && txt[0] == 0) || addresses.isEmpty()) {
      throw new AnnouncementRejectedException(Reason.INCOMPLETE, "not resolved yet (no TXT or no address)");
    }
    Map<String, String> entries = TxtCodec.decode(txt);
    String version = required(entries, KEY_VERSION);
    if (!version.equals(PROTOCOL_VERSION)) {
      throw new AnnouncementRejectedException(Reason.INCOMPATIBLE_VERSION,
          "protocol version '" + TxtCodec.printable(version) + "', this node speaks " + PROTOCOL_VERSION);
    }
    NodeId id;
    try {
      id = NodeId.parse(required(entries, KEY_ID));
    } catch (IllegalArgumentException e) {
      throw malformed("bad id: " + e.getMessage());
    }
    String mesh = required(entries, KEY_MESH);
    if (!validMeshId(mesh)) {
      throw malformed("bad mesh ID '" + TxtCodec.printable(mesh) + "'");
    }
    String mac = entries.getOrDefault(KEY_MAC, "").toLowerCase(Locale.ROOT);
    if (!mac.isEmpty() && !MAC.matcher(mac).matches()) {
      throw malformed("bad mac '" + TxtCodec.printable(mac) + "'");
    }
    String udp = required(entries, KEY_UDP);
    if (!PORT.matcher(udp).matches() || Integer.parseInt(udp) > 65535) {
      throw malformed("bad udp port '" + TxtCodec.printable(udp) + "'");
    }
    String name = required(entries, KEY_NAME);
    if (!validName(name)) {
      throw malformed("bad name '" + TxtCodec.printable(name) + "'");
    }
    if (linkPort < 1 || linkPort > 65535) {
      throw malformed("bad link port " + linkPort);
    }
    return new Announcement(id, name, mesh, canonical(addresses), linkPort, Integer.parseInt(udp), mac, interfaceName);
  }

  static void requireName(String name) {
    if (!validName(name)) {
      throw new IllegalArgumentException("a node name is 1 to " + LocalNode.MAX_NAME_BYTES
          + " UTF-8 bytes without control characters, got '" + name + "'");
    }
  }

  static void requireMeshId(String meshId) {
    if (!validMeshId(meshId)) {
      throw new IllegalArgumentException("a mesh ID is 1 to " + MAX_MESH_ID_CHARS
          + " printable ASCII characters without spaces, got '" + meshId + "'");
    }
  }

  static void requirePort(String what, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be in [1, 65535], got " + port);
    }
  }

  private static boolean validName(String name) {
    return name != null && !name.isEmpty()
        && name.getBytes(StandardCharsets.UTF_8).length <= LocalNode.MAX_NAME_BYTES
        && name.codePoints().noneMatch(Character::isISOControl);
  }

  private static boolean validMeshId(String meshId) {
    return meshId != null && !meshId.isEmpty() && meshId.length() <= MAX_MESH_ID_CHARS
        && meshId.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static String required(Map<String, String> entries, String key) throws AnnouncementRejectedException {
    String value = entries.get(key);
    if (value == null || value.isEmpty()) {
      throw malformed("TXT key '" + key + "' is missing");
    }
    return value;
  }

  /** IPv4 first, then IPv6, each in byte order; duplicates removed. */
  private static List<InetAddress> canonical(List<InetAddress> addresses) {
    return addresses.stream().distinct()
        .sorted(Comparator.comparing((InetAddress a) -> a instanceof Inet4Address ? 0 : 1)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned))
        .toList();
  }

  private static AnnouncementRejectedException malformed(String message) {
    return new AnnouncementRejectedException(Reason.MALFORMED, message);
  }
}
