package dev.echomesh.it.lan;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echomesh.tools.lan.HostProcess;
import dev.echomesh.tools.lan.JavaCommand;
import dev.echomesh.tools.lan.Processes;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@RequiresVirtualLan
class VirtualLanIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int PORT = 40123;

  @Test
  void create_threeHosts_eachHasItsOwnAddressAndMacOnEth0() {
    try (VirtualLan lan = VirtualLan.create(3)) {
      Set<String> ips = new HashSet<>();
      Set<String> macs = new HashSet<>();
      for (VirtualHost host : lan.hosts()) {
        String link = host.exec("ip", "-o", "link", "show", "eth0").requireSuccess().stdout();
        String addr = host.exec("ip", "-o", "-4", "addr", "show", "eth0").requireSuccess().stdout();
        assertTrue(link.contains("link/ether " + host.mac()), link);
        assertTrue(addr.contains("inet " + host.ip().getHostAddress() + "/24"), addr);
        assertTrue(host.ip().getHostAddress().startsWith("198.18."), host.toString());
        assertEquals(0x02, Integer.parseInt(host.mac().substring(0, 2), 16) & 0x03, "locally administered unicast");
        ips.add(host.ip().getHostAddress());
        macs.add(host.mac());
        // One LAN interface besides loopback, nothing of the machine's.
        String all = host.exec("ip", "-o", "link").requireSuccess().stdout();
        assertEquals(2, all.lines().count(), all);
      }
      assertEquals(3, ips.size());
      assertEquals(3, macs.size());
    }
  }

  @Test
  void exec_datagramFromHost1_arrivesAtHost2FromHost1sAddress() {
    try (VirtualLan lan = VirtualLan.create(2)) {
      HostProcess receiver = startReceiver(lan.host(2));
      lan.host(1).exec("bash", "-c", "echo -n hello > /dev/udp/" + lan.host(2).ip().getHostAddress() + "/" + PORT)
          .requireSuccess();
      await().atMost(PATIENCE).until(() -> receiver.stdout().contains("from " + lan.host(1).ip().getHostAddress() + " hello"));
      assertTrue(lan.host(2).exec("ip", "neigh", "show", lan.host(1).ip().getHostAddress()).stdout()
          .contains(lan.host(1).mac()), "host 2 learnt host 1's MAC by ARP");
    }
  }

  @Test
  void cutLink_hostLosesCarrierAndTraffic_restoreLinkBringsBoth() {
    try (VirtualLan lan = VirtualLan.create(2)) {
      VirtualHost sender = lan.host(1);
      VirtualHost cut = lan.host(2);
      HostProcess receiver = startReceiver(cut);

      lan.cutLink(cut);
      assertTrue(cut.exec("ip", "link", "show", "eth0").stdout().contains("NO-CARRIER"));
      broadcast(sender, "during-cut");
      lan.restoreLink(cut);
      assertTrue(cut.exec("ip", "link", "show", "eth0").stdout().contains("LOWER_UP"));
      broadcast(sender, "after-restore");

      await().atMost(PATIENCE).until(() -> receiver.stdout().contains("after-restore"));
      assertFalse(receiver.stdout().contains("during-cut"), receiver.stdout());
    }
  }

  @Test
  void kill9_runningProcess_isGoneWithSigkillStatus() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      HostProcess sleeper = lan.host(1).start("sleep", "600");
      long pid = sleeper.pid();
      assertTrue(sleeper.isAlive());

      assertEquals(137, sleeper.kill9());
      assertFalse(sleeper.isAlive());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void stop_javaProcess_getsSigtermAndRunsItsShutdownHooks() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      HostProcess receiver = startReceiver(lan.host(1));
      assertEquals(143, receiver.stop());
      assertTrue(receiver.stdout().contains("stopped"), receiver.stdout());
    }
  }

  @Test
  void exec_commandOutlivesTimeout_isKilledAndReported() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> lan.host(1).exec(Duration.ofSeconds(1), "sleep", "600"));
      assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }
  }

  @Test
  void unixSocket_inLanDirectory_reachableFromTestJvmAcrossNamespaces() throws IOException {
    try (VirtualLan lan = VirtualLan.create(1)) {
      Path socket = lan.directory().resolve("echo.sock");
      HostProcess echo = lan.host(1).startJava(JavaCommand.mainClass(UnixEcho.class).args(socket.toString()));
      await().atMost(PATIENCE).until(() -> echo.stdout().contains("ready") || !echo.isAlive());

      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        channel.connect(UnixDomainSocketAddress.of(socket));
        Channels.newOutputStream(channel).write("hi\n".getBytes(StandardCharsets.UTF_8));
        String answer = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
            StandardCharsets.UTF_8)).readLine();
        assertEquals("hi from " + lan.host(1).ip().getHostAddress(), answer);
      }
    }
  }

  @Test
  void startJava_echomeshJar_runsTheCliInTheHost() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      HostProcess cli = lan.host(1).startJava(JavaCommand.echomeshJar().args("--version"));
      assertEquals(0, cli.waitFor(PATIENCE), cli.stderr());
      assertTrue(cli.stdout().startsWith("echomesh "), cli.stdout());
    }
  }

  @Test
  void start_processes_runInTheLanDirectory() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      assertEquals(lan.directory().toString(), lan.host(1).exec("pwd").requireSuccess().stdout().strip());
    }
  }

  @Test
  void addHost_toRunningLan_reachesTheOthers() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      HostProcess receiver = startReceiver(lan.host(1));
      VirtualHost added = lan.addHost();
      assertEquals(2, added.index());
      added.exec("bash", "-c", "echo -n late > /dev/udp/" + lan.host(1).ip().getHostAddress() + "/" + PORT)
          .requireSuccess();
      await().atMost(PATIENCE).until(() -> receiver.stdout().contains("from " + added.ip().getHostAddress() + " late"));
    }
  }

  @Test
  void close_withRunningProcesses_leavesNoProcessNamespaceOrFile() {
    String before = machineNamespaces();
    VirtualLan lan = VirtualLan.create(2);
    List<HostProcess> running = List.of(lan.host(1).start("sleep", "600"), lan.host(2).start("sleep", "600"),
        startReceiver(lan.host(2)));
    List<Long> pids = running.stream().map(HostProcess::pid).toList();
    String namespace = lan.userNamespace();
    Path directory = lan.directory();
    assertFalse(Processes.processesInUserNamespace(namespace).isEmpty());

    lan.close();

    assertTrue(Processes.processesInUserNamespace(namespace).isEmpty());
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid);
    }
    running.forEach(p -> assertFalse(p.isAlive(), p.toString()));
    assertFalse(Files.exists(directory));
    assertEquals(before, machineNamespaces(), "the machine's own `ip netns list` is untouched");
  }

  @Test
  void createPrivileged_asRoot_groupsCanChangeAndCloseLeavesNoProcessOrFile() {
    assumeTrue(VirtualLan.isRoot(), "a LAN without its own user namespace needs root");
    String before = machineNamespaces();
    VirtualLan lan = VirtualLan.createPrivileged(2);
    HostProcess receiver = startReceiver(lan.host(2));
    long pid = receiver.pid();
    Path directory = lan.directory();
    // What sshd's privilege separation does and a user namespace made without root refuses.
    assertEquals(0, lan.host(1).exec("setpriv", "--groups", "0", "true").exitCode(), "setgroups is allowed");
    lan.host(1).exec("bash", "-c", "echo -n hi > /dev/udp/" + lan.host(2).ip().getHostAddress() + "/" + PORT)
        .requireSuccess();
    await().atMost(PATIENCE).until(() -> receiver.stdout().contains("from " + lan.host(1).ip().getHostAddress() + " hi"));

    lan.close();

    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid);
    assertFalse(Files.exists(directory));
    assertEquals(before, machineNamespaces(), "the machine's own `ip netns list` is untouched");
  }

  private static HostProcess startReceiver(VirtualHost host) {
    HostProcess receiver = host.startJava(JavaCommand.mainClass(UdpTool.class).args("receive", Integer.toString(PORT)));
    await().atMost(PATIENCE).until(() -> receiver.stdout().contains("ready") || !receiver.isAlive());
    assertTrue(receiver.isAlive(), receiver.stderr());
    return receiver;
  }

  private static void broadcast(VirtualHost from, String text) {
    HostProcess send = from.startJava(JavaCommand.mainClass(UdpTool.class).args("send", "198.18.0.255",
        Integer.toString(PORT), text));
    assertEquals(0, send.waitFor(PATIENCE), send.stderr());
  }

  private static String machineNamespaces() {
    return Processes.run(List.of("ip", "netns", "list"), List.of("ip", "netns", "list"),
        Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(30)).stdout();
  }
}
