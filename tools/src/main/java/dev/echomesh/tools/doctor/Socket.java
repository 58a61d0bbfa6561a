package dev.echomesh.tools.doctor;

/**
 * A socket bound on this machine, as a {@code /proc/net/{tcp,udp}[6]} line describes it.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param port its local port
 * @param inode its inode, which {@code /proc/PID/fd} links name as {@code socket:[INODE]}
 */
record Socket(String protocol, int port, long inode) {

  /** TCP state LISTEN in /proc/net/tcp. */
  private static final String TCP_LISTEN = "0A";

  /**
   * The listening TCP sockets, or every UDP socket, in one {@code /proc/net} table.
   *
   * @param protocol {@code tcp} or {@code udp}
   */
  static java.util.List<Socket> parse(String protocol, String table) {
    java.util.List<Socket> sockets = new java.util.ArrayList<>();
    for (String line : table.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[0].endsWith(":")) {
        continue;
      }
      String local = f[1];
      if (protocol.equals("tcp") && !f[3].equals(TCP_LISTEN)) {
        continue;
      }
      int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
      sockets.add(new Socket(protocol, port, Long.parseLong(f[9])));
    }
    return sockets;
  }
}
