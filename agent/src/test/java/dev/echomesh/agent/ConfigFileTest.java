package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFileTest {

  private static final TestMesh MESH = TestMeshes.newMesh();
  private static final NodeCredentials NODE = MESH.newNode("n");
  private static final Path FILE = Path.of("/etc/echomesh/echomesh.toml");

  private static ConfigFile parse(String toml) throws ConfigException {
    return ConfigFile.parse(FILE, toml);
  }

  private static AgentConfig build(String toml) throws ConfigException {
    return parse(toml).applyTo(AgentConfig.lanDefaults().credentials(NODE).meshSecrets(MESH.secrets())).build();
  }

  private static ConfigException error(String toml) {
    return assertThrows(ConfigException.class, () -> build(toml));
  }

  @Test
  void applyTo_everySection_setsTheValues() throws Exception {
    String other = MESH.newNode("other").nodeId().toString();
    AgentConfig config = build("""
        name = "kitchen-pi"
        deny = ["%s"]

        [link]
        port = 47300
        peers = ["127.0.0.1:47201", "127.0.0.2"]
        idle-timeout = "10m"
        busy-poll = "0"
        redial-initial-delay = "1s"
        redial-max-delay = "1m"

        [liveness]
        ping-interval = "1s"
        suspect-after = "3s"
        dead-after = "6s"
        broadcast = false

        [discovery]
        mdns = false
        include = ["eth*"]

        [executor]
        threads = 8
        queue-capacity = 0

        [plugins]
        directory = "jars"
        class-path = false

        [tasks.echo]
        allow = ["%s"]
        """.formatted(other, other));
    assertEquals("kitchen-pi", config.name());
    assertEquals(Set.of(NodeIdOf(other)), config.denyList());
    assertEquals(47300, config.link().port());
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", 47201), new InetSocketAddress("127.0.0.2", 47200)), config.link().staticPeers());
    assertEquals(Duration.ofMinutes(10), config.link().idleTimeout());
    assertEquals(Duration.ZERO, config.link().busyPoll());
    assertEquals(Duration.ofMinutes(1), config.link().redialBackoff().max());
    assertEquals(Duration.ofSeconds(1), config.liveness().pingInterval());
    assertEquals(Duration.ofSeconds(6), config.liveness().deadAfter());
    assertFalse(config.broadcastPings());
    assertFalse(config.discovery().enabled());
    assertEquals(List.of("eth*"), config.discovery().includePatterns());
    assertEquals(8, config.taskThreads());
    assertEquals(0, config.taskQueueCapacity());
    assertEquals(Path.of("/etc/echomesh/jars"), config.pluginDirectory());
    assertFalse(config.loadTaskPlugins());
    assertEquals(Set.of(NodeIdOf(other)), config.taskAllowLists().get("echo"));
  }

  private static dev.echomesh.agent.identity.NodeId NodeIdOf(String text) {
    return dev.echomesh.agent.identity.NodeId.parse(text);
  }

  @Test
  void applyTo_emptyFile_keepsTheDefaults() throws Exception {
    AgentConfig config = build("");
    assertEquals(LinkConfig.builder().build().port(), config.link().port());
    assertEquals(LivenessConfig.defaults(), config.liveness());
    assertEquals(DiscoveryConfig.defaults(), config.discovery());
  }

  @ParameterizedTest
  @CsvSource({"'', false", "fsync = true, true", "fsync = false, false"})
  void applyTo_filesFsync_reachesTheFileTasksAndDefaultsToOff(String line, boolean fsync) throws Exception {
    AgentConfig config = build("[files]\n" + line);
    assertEquals(fsync, config.files().fsync());
    assertEquals(fsync, config.toBuilder().build().files().fsync());
  }

  @Test
  void applyTo_laterBuilderCalls_overrideTheFile() throws Exception {
    AgentConfig.Builder builder = parse("[link]\nport = 47300\n[liveness]\nport = 47301\n")
        .applyTo(AgentConfig.lanDefaults().credentials(NODE).meshSecrets(MESH.secrets()));
    AgentConfig config = builder.link(l -> l.port(5000)).build(); // as a flag does
    assertEquals(5000, config.link().port());
    assertEquals(47301, config.liveness().port());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown top-level key     | 'name = "a"\\nnmae = "b"'                | 2 | nmae       | unknown key nmae; the top level allows: name, deny
      unknown key in a table    | '[link]\\nport = 1\\nconect-timeout = "1s"' | 3 | link.conect-timeout | [link] allows: bind, port, peers
      unknown table             | '\\n[lnk]\\nport = 1'                        | 2 | lnk        | unknown table [lnk]
      integer for a duration    | '[link]\\nconnect-timeout = 5'             | 2 | link.connect-timeout | link.connect-timeout: got 5 (an integer), expected a number and a unit, like 500ms
      duration without unit     | '[link]\\nidle-timeout = "5"'              | 2 | link.idle-timeout | is not a duration: use a number and a unit
      string for an integer     | '[executor]\\nthreads = "4"'               | 2 | executor.threads | got "4" (a string)
      out of range              | '\\n\\n[link]\\nconnect-timeout = "10m"'   | 4 | link.connect-timeout | link.connect-timeout must be 1ms to 5m, got 10m
      integer out of range      | '[liveness]\\nport = 70000'                | 2 | liveness.port | liveness.port must be 0 to 65535, got 70000
      not an IP address         | '[link]\\nbind = "localhost"'              | 2 | link.bind  | is not an IP address
      bad peer                  | '[link]\\npeers = ["10.0.0.1:0"]'          | 2 | link.peers | is not a port
      bad node ID               | 'deny = ["ABC"]'                           | 1 | deny       | deny: 'ABC': a node ID has 52 base32 characters, got 3; allowed: array of node IDs
      unknown key of a task     | '[tasks.echo]\\nargv = ["ls"]'             | 2 | tasks.echo.argv | [tasks.echo] allows: allow
      bad task name             | '[tasks."a b"]\\nallow = []'               | 1 | tasks.a b  | is not a task name
      relative command path     | '[tasks.up]\ncommand = ["uptime"]'        | 2 | tasks.up.command | tasks.up.command[0] must be an absolute path such as /usr/bin/uptime
      command not an array      | '[tasks.up]\ncommand = "/bin/echo x"'     | 2 | tasks.up.command | tasks.up.command: got "/bin/echo x" (a string); allowed: array of strings
      bad argument pattern      | '[tasks.up]\ncommand = ["/bin/echo"]\nargs = ["[a-z]+", "[unclosed"]' | 3 | tasks.up.args | tasks.up.args[1] is not a valid regular expression
      unknown key of a command  | '[tasks.up]\ncommand = ["/bin/echo"]\ntimout = "1s"' | 3 | tasks.up.timout | a command task [tasks.up] allows: command, description, timeout, max-output, concurrency, workdir, env, args, allow
      command timeout too long  | '[tasks.up]\ncommand = ["/bin/echo"]\ntimeout = "2d"' | 3 | tasks.up.timeout | tasks.up.timeout must be 1ms to 1d, got 2d
      bad output size           | '[tasks.up]\ncommand = ["/bin/echo"]\nmax-output = "1MB"' | 3 | tasks.up.max-output | is not a size: use a number of bytes or a number and a unit
      output cap too large      | '[tasks.up]\ncommand = ["/bin/echo"]\nmax-output = "17MiB"' | 3 | tasks.up.max-output | tasks.up.max-output must be 1B to 16MiB, got 17MiB
      relative workdir          | '[tasks.up]\ncommand = ["/bin/echo"]\nworkdir = "tmp"' | 3 | tasks.up.workdir | tasks.up.workdir must be an absolute path
      caller variable in env    | '[tasks.up]\ncommand = ["/bin/echo"]\nenv = ["ECHOMESH_CALLER"]' | 3 | tasks.up.env | is set by the agent
      values that conflict      | '[liveness]\\nsuspect-after = "1s"\\ndead-after = "500ms"' | 3 | liveness.dead-after | longer than liveness.suspect-after (1s)
      table given as a value    | 'link = 5'                                 | 1 | link       | link must be a table
      not TOML                  | 'name = "a"\\nport = = 3'                  | 2 | ''         | not valid TOML
      """)
  void read_badFile_oneLineNamingFileLineKeyAndWhatIsAllowed(String what, String toml, int line, String key,
      String expected) {
    ConfigException e = error(toml.replace("\\n", "\n"));
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(key == null ? "" : key, e.key(), e.getMessage());
    assertTrue(e.getMessage().startsWith(FILE + ":" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void applyTo_commandTaskTable_declaresTheTaskWithEveryKey() throws Exception {
    String caller = MESH.newNode("caller").nodeId().toString();
    AgentConfig config = build("""
        [tasks.disk]
        command = ["/usr/bin/df", "-h"]
        description = "disk usage"
        timeout = "5s"
        max-output = "64KiB"
        concurrency = 3
        workdir = "/tmp"
        env = ["LANG", "TZ"]
        args = ["/[a-z/]{0,32}"]
        allow = ["%s"]

        [tasks.uptime]
        command = ["/usr/bin/uptime"]
        max-output = 100
        """.formatted(caller));
    assertEquals(List.of("disk", "uptime"), config.commandTasks().stream().map(CommandTaskSpec::name).toList());
    CommandTaskSpec disk = config.commandTasks().get(0);
    assertEquals(List.of("/usr/bin/df", "-h"), disk.command());
    assertEquals("disk usage", disk.description());
    assertEquals(Duration.ofSeconds(5), disk.timeout());
    assertEquals(64 * 1024, disk.maxOutputBytes());
    assertEquals(3, disk.concurrency());
    assertEquals(Optional.of(Path.of("/tmp")), disk.workdir());
    assertEquals(List.of("LANG", "TZ"), disk.env());
    assertEquals(List.of("/[a-z/]{0,32}"), disk.args().stream().map(java.util.regex.Pattern::pattern).toList());
    assertEquals(Set.of(NodeIdOf(caller)), config.taskAllowLists().get("disk"), "allow is the task's allow-list");
    CommandTaskSpec uptime = config.commandTasks().get(1);
    assertEquals(CommandTaskSpec.DEFAULT_TIMEOUT, uptime.timeout());
    assertEquals(100, uptime.maxOutputBytes());
    assertEquals(CommandTaskSpec.DEFAULT_CONCURRENCY, uptime.concurrency());
    assertEquals("runs /usr/bin/uptime", uptime.description());
  }

  @Test
  void applyTo_taskTableWithoutCommand_onlySetsTheAllowList() throws Exception {
    AgentConfig config = build("[tasks.echo]\nallow = []\n");
    assertEquals(List.of(), config.commandTasks());
    assertEquals(Set.of(), config.taskAllowLists().get("echo"));
  }

  @Test
  void read_missingFile_saysSo(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(dir.resolve("nope.toml")));
    assertEquals(dir.resolve("nope.toml") + ": no such file", e.getMessage());
  }

  @Test
  void read_fileOnDisk_relativePluginDirectoryIsRelativeToTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("echomesh.toml"), "[plugins]\ndirectory = \"more\"\n",
        StandardCharsets.UTF_8);
    assertEquals(dir.resolve("more"), ConfigFile.read(file).get(AgentConfig.PLUGIN_DIRECTORY));
  }

  @Test
  void settings_everyKeyButThoseOfTaskTablesCanBeSet() {
    for (Setting<?> setting : AgentConfig.SETTINGS) {
      assertEquals(!setting.key().startsWith("tasks."), SettingTargets.knows(setting), setting.key());
    }
  }

  @Test
  void get_apiListenOnLoopback_theAddress() throws Exception {
    assertEquals(new java.net.InetSocketAddress("127.0.0.1", 47280),
        parse("[api]\nlisten = \"127.0.0.1:47280\"\n").get(AgentConfig.API_LISTEN));
  }

  @Test
  void read_apiListenOnAnotherAddress_stopsNamingTheKeyAndLine() {
    ConfigException e = error("name = \"a\"\n[api]\nlisten = \"0.0.0.0:47280\"\n");
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("api.listen must be a loopback address"), e.getMessage());
  }
}
