package dev.echomesh.tools.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Does another process hold the ping port (UDP) or listen on the link port (TCP)? A second
 * program on the ping port steals unicast pongs (the agent binds it with SO_REUSEADDR, so the
 * kernel lets both bind); one on the link port keeps the agent from starting.
 */
final class PortOwnerCheck {

  /**
   * Who holds a socket.
   *
   * @param pid its process ID as {@code /proc} names it
   * @param namespacePid its process ID in its own PID namespace (the last {@code NSpid} of its
   *     status): what an agent in a container reports as its PID; {@code pid} outside one
   * @param command its command name
   */
  record Owner(long pid, long namespacePid, String command) {
    Owner(long pid, String command) {
      this(pid, pid, command);
    }

    boolean is(long processId) {
      return pid == processId || namespacePid == processId;
    }
  }

  private PortOwnerCheck() {}

  /**
   * @param sockets the bound sockets (listening ones for TCP)
   * @param owners who holds each socket inode; a socket missing here belongs to a process this user
   *     cannot inspect
   * @param agentPid the running agent's process ID, if one runs
   */
  static List<Finding> check(List<Socket> sockets, Map<Long, Owner> owners, Ports ports,
      OptionalLong agentPid) {
    Map<String, Socket> strangers = new LinkedHashMap<>();
    for (Socket socket : sockets) {
      boolean ours = socket.protocol().equals("udp") ? socket.port() == ports.udpPort()
          : socket.port() == ports.linkPort();
      Owner owner = owners.get(socket.inode());
      boolean agents = owner != null && agentPid.isPresent() && owner.is(agentPid.getAsLong());
      if (!ours || agents) {
        continue;
      }
      if (owner == null && agentPid.isPresent()) {
        continue; // the agent's own socket seen from a user that cannot read its fds
      }
      strangers.putIfAbsent(socket.protocol() + socket.port() + "/" + describe(owner), socket);
    }
    List<Finding> findings = new ArrayList<>();
    for (Socket socket : strangers.values()) {
      Owner owner = owners.get(socket.inode());
      boolean udp = socket.protocol().equals("udp");
      findings.add(Finding.problem(udp ? "port-taken-ping" : "port-taken-link",
          describe(owner) + " holds " + (udp ? "the ping port " : "the link port ") + socket.port()
              + "/" + socket.protocol() + (udp ? ": it takes pongs meant for the agent"
              : ": the agent cannot listen there"),
          "stop it" + (owner == null ? "" : " (kill " + owner.pid() + ")") + ", or give the agent"
              + (udp ? " another --udp-port" : " another --port")));
    }
    return findings;
  }

  private static String describe(Owner owner) {
    return owner == null ? "another user's process" : "process " + owner.pid() + " (" + owner.command() + ")";
  }
}
