package dev.echomesh.agent;

import dev.echomesh.agent.settings.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the reference page of the config file, {@code docs/config.md}, from
 * {@link AgentConfig#SETTINGS} (which holds the keys of command tasks too, {@link CommandTaskKeys}):
 * one table row per setting with its key, kind, default, allowed
 * values and effect. {@code ConfigReferenceTest} fails when the page in the repository differs
 * from what this writes, and rewrites it when asked (see the page's first lines).
 */
public final class ConfigReference {

  /** How to regenerate the page, as its first lines say. */
  public static final String REGENERATE = "mvn -B -q -pl agent -am test -Dtest=ConfigReferenceTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dechomesh.writeConfigReference=true";

  private static final Map<String, String> SECTIONS = sections();

  private ConfigReference() {}

  private static Map<String, String> sections() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("", "Top level");
    s.put("executor", "[executor]: the threads that run task handlers");
    s.put("plugins", "[plugins]: task handlers from jars");
    s.put("tasks", "[tasks.NAME]: command tasks, and who may call each task");
    s.put("calls", "[calls]: what this node remembers of the keyed calls it answered");
    s.put("files", "[files]: the inbox of file.put and the directories file.get and file.list serve");
    s.put("link", "[link]: TLS links between agents");
    s.put("liveness", "[liveness]: UDP pings and the failure detector");
    s.put("discovery", "[discovery]: mDNS and the interfaces it and broadcast pings use");
    s.put("api", "[api]: the local API's optional TCP listener (the dashboard)");
    return s;
  }

  /** The page. */
  public static String markdown() {
    StringBuilder page = new StringBuilder();
    page.append("# Config file reference\n\n")
        .append("<!-- Generated from the code (AgentConfig.SETTINGS); do not edit by hand. Regenerate with\n")
        .append("     ").append(REGENERATE).append("\n")
        .append("     ConfigReferenceTest fails when this page and the code differ. -->\n\n")
        .append("`echomesh agent` reads `<data-dir>/").append(ConfigFile.FILE_NAME)
        .append("` when it exists, or the file given with `--config FILE` (which must exist). ")
        .append("The file is [TOML](https://toml.io/en/v1.0.0), parsed with Jackson's TOML module. ")
        .append("Every key is optional; command-line flags override the file. ")
        .append("An unknown key, a value of the wrong type or out of range, or a file that is not TOML stops ")
        .append("the agent with one line naming the file, the line, the key and what is allowed, and exit code 1.\n\n")
        .append("SIGHUP (`kill -HUP <pid>`) reads the file again and applies the command tasks and task allow-lists ")
        .append("(`[tasks.NAME]`) and the deny list (`deny`) at once, without dropping links: command tasks added, ")
        .append("changed or removed take effect for new calls, while calls in flight finish as they started. The ")
        .append("other settings take effect at the next start. A file that fails on reload leaves the settings in ")
        .append("use, and the agent logs why.\n\n")
        .append("A table `[tasks.NAME]` with a `command` key declares a command task NAME, which runs that program; ")
        .append("no command task exists unless declared. A table without `command` only sets `allow` of a task the ")
        .append("node has from elsewhere (built-in or plugin).\n\n")
        .append("Durations are strings: a number and a unit (`us`, `ms`, `s`, `m`, `h`, `d`), e.g. ")
        .append("`\"250ms\"`, `\"1.5s\"`, `\"1m30s\"`, or ISO-8601 (`\"PT5S\"`), as on the command line; ")
        .append("`0` alone is zero. Sizes are a number of bytes or a string with a unit (`B`, `KiB`, `MiB`, `GiB`), ")
        .append("e.g. `\"64KiB\"`. Node IDs are written as `echomesh id` prints them.\n\n")
        .append("```toml\n")
        .append("name = \"kitchen-pi\"\n")
        .append("deny = [\"<node ID of a revoked member>\"]\n\n")
        .append("[link]\n")
        .append("peers = [\"192.168.2.10:47200\"]\n")
        .append("idle-timeout = \"10m\"\n\n")
        .append("[tasks.sysinfo]\n")
        .append("allow = [\"<node ID>\", \"<node ID>\"]\n\n")
        .append("[tasks.disk-usage]\n")
        .append("command = [\"/usr/bin/df\", \"-h\"]\n")
        .append("args = [\"/[a-z0-9/]{0,64}\"]\n")
        .append("timeout = \"5s\"\n")
        .append("max-output = \"64KiB\"\n")
        .append("env = [\"LANG\"]\n")
        .append("```\n");
    for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
      List<Setting<?>> settings = AgentConfig.SETTINGS.stream()
          .filter(s -> sectionOf(s.key()).equals(section.getKey()))
          .toList();
      page.append("\n## ").append(section.getValue()).append("\n\n")
          .append("| key | type | default | allowed | effect |\n")
          .append("|---|---|---|---|---|\n");
      for (Setting<?> s : settings) {
        page.append("| `").append(s.key()).append("` | ").append(cell(s.kind().text()))
            .append(" | ").append(cell(s.defaultText())).append(" | ").append(cell(s.allowed()))
            .append(" | ").append(cell(s.description())).append(" |\n");
      }
    }
    return page.toString();
  }

  private static String sectionOf(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? "" : key.substring(0, dot);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
