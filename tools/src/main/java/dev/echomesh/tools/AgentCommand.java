package dev.echomesh.tools;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.ConfigException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh agent}: runs this node's agent in the foreground until SIGINT or SIGTERM, then
 * stops cleanly (peers told, calls in flight finished) and exits 0. SIGHUP reloads the config
 * file (see {@link ReloadSignal}). A config file that cannot be used exits 1 ("bad file" in the
 * exit-code table), a bad flag 2.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Runs this node's agent in the foreground.",
      "Logs to stderr. Ctrl-C or SIGTERM stops it cleanly: peers are told, calls in flight finish,"
          + " and it exits 0. SIGHUP reloads the config file's access lists and deny list. Needs a"
          + " mesh key first: `echomesh init` or `echomesh join CODE`; or a data directory from"
          + " `echomesh ca issue`, which runs it in CA mode. A bad config file stops it with exit"
          + " code 1 and one line naming the file, line and key."
    })
final class AgentCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Node name shown to peers (default: the host name).")
  String name;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Config file (TOML; every key is in docs/config.md). Default: <data-dir>/echomesh.toml"
              + " if it exists. Flags override the file. SIGHUP reloads its task access lists and"
              + " deny list without dropping links.")
  Path config;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      description =
          "Directory of plugin jars loaded at start (default: <data-dir>/plugins, or the file's"
              + " plugins.directory).")
  Path plugins;

  @Option(
      names = "--inbox",
      paramLabel = "DIR",
      description = "Directory that files sent to this node go to (default: <data-dir>/inbox, or the file's"
          + " files.inbox).")
  Path inbox;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port for links; 0 picks a free one (default: 47200).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      converter = NetworkArguments.IpConverter.class,
      description =
          "Local IP address to listen on (default: 0.0.0.0, every IPv4 interface). :: is every"
              + " IPv4 and IPv6 interface for links; pings stay on IPv4. A loopback address"
              + " (127.0.0.1) keeps the agent on this machine: no mDNS, no broadcast pings, UDP on"
              + " a free port unless --udp-port is given. Any other address is used by links and"
              + " pings alike; the UDP socket then no longer hears subnet broadcasts, only"
              + " answers and unicast pings.")
  InetAddress bind;

  @Option(
      names = "--udp-port",
      paramLabel = "PORT",
      description =
          "UDP port for liveness pings, the same on every node of the mesh (default: 47200);"
              + " 0 picks a free one, which only static peers can reach.")
  Integer udpPort;

  @Option(
      names = "--interface",
      paramLabel = "NAME",
      description =
          "Use exactly this network interface for mDNS and broadcast pings (repeatable),"
              + " even one automatic selection skips (a bridge, a VPN).")
  List<String> interfaces = new ArrayList<>();

  @Option(
      names = "--include",
      paramLabel = "PATTERN",
      description =
          "Automatic selection uses only interfaces matching this glob (repeatable), e.g."
              + " 'eth*'; virtual ones (docker*, veth*, tun*, wg*...) are then allowed too.")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "PATTERN",
      description = "Automatic selection never uses interfaces matching this glob (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--no-mdns",
      description =
          "Do not announce or browse with mDNS: peers are then found by UDP pings (same subnet)"
              + " and --peer only.")
  boolean noMdns;

  @Option(
      names = "--peer",
      paramLabel = "HOST[:PORT]",
      converter = NetworkArguments.PeerAddressConverter.class,
      description =
          "A peer to link to by address (repeatable), e.g. for peers on another subnet; without"
              + " a port, 47200.")
  List<InetSocketAddress> peers = new ArrayList<>();

  @Option(
      names = "--api-listen",
      paramLabel = "HOST:PORT",
      converter = NetworkArguments.HostPortConverter.class,
      description =
          "Also serve the local API and the dashboard over HTTP on this loopback address, e.g."
              + " 127.0.0.1:47280 (overrides api.listen; off by default). Requests need the API token:"
              + " echomesh dashboard --url prints the page's address with it.")
  InetSocketAddress apiListen;

  @Override
  public Integer call() throws Exception {
    if (port != null && (port < 0 || port > 65535)) {
      throw CliException.usage("echomesh agent: --port must be 0 to 65535, got " + port);
    }
    CliContext context = root.context();
    AgentRunner.Options options =
        new AgentRunner.Options(
            name, port, bind, peers, udpPort, interfaces, include, exclude, !noMdns, config, plugins,
            apiListen, inbox);
    try {
      AgentNetwork.check(options); // before the data directory is touched
      if (apiListen != null) {
        AgentConfig.API_LISTEN.check(apiListen);
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage("echomesh agent: " + e.getMessage());
    }
    AgentRunner runner;
    try {
      runner = AgentRunner.start(dataDir.resolve(context.env()), options, context.env());
    } catch (ConfigException e) {
      throw new CliException(ExitCodes.ERROR, "echomesh agent: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw CliException.usage("echomesh agent: " + e.getMessage());
    }
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopThenExit(runner), "echomesh-shutdown"));
    ReloadSignal.install(runner);
    HeapReturn.startForThisJvm();
    forever.await();
    return ExitCodes.OK;
  }

  /**
   * Runs in the shutdown hook (SIGINT, SIGTERM). A clean stop is the normal way out of a
   * foreground agent, so it exits 0 rather than the JVM's 128+signal; a failed stop exits 1.
   */
  private static void stopThenExit(AgentRunner runner) {
    int status = ExitCodes.OK;
    try {
      runner.stop();
    } catch (RuntimeException e) {
      log.error("the agent did not stop cleanly", e);
      status = ExitCodes.ERROR;
    }
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
