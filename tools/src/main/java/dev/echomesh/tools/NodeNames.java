package dev.echomesh.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The default node name: this host's name, read without a DNS lookup (the same rule as the agent's
 * own default), so the CLI can name the node before the agent config exists.
 */
final class NodeNames {

  private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static final String FALLBACK = "echomesh";
  private static final int MAX_CHARS = 63;

  private NodeNames() {}

  static String defaultName(Map<String, String> env) {
    String name = "";
    if (Files.isReadable(LINUX_HOSTNAME)) {
      try {
        name = Files.readString(LINUX_HOSTNAME, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        name = "";
      }
    }
    if (name.isEmpty()) {
      name = env.getOrDefault("HOSTNAME", env.getOrDefault("COMPUTERNAME", "")).strip();
    }
    if (name.isEmpty()) {
      return FALLBACK;
    }
    return name.length() > MAX_CHARS ? name.substring(0, MAX_CHARS) : name;
  }
}
