package dev.echomesh.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * This host's name without a DNS lookup, for the default node name: the kernel's host name on
 * Linux, else the HOSTNAME or COMPUTERNAME environment variable, else "echomesh"; cut to the
 * longest node name.
 */
final class HostName {

  private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static final String FALLBACK = "echomesh";

  private HostName() {}

  static String get(Map<String, String> env) {
    String name = "";
    if (Files.isReadable(LINUX_HOSTNAME)) {
      try {
        name = Files.readString(LINUX_HOSTNAME, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        name = ""; // unreadable after all: fall back to the environment, as on other systems
      }
    }
    if (name.isEmpty()) {
      name = env.getOrDefault("HOSTNAME", env.getOrDefault("COMPUTERNAME", "")).strip();
    }
    if (name.isEmpty()) {
      return FALLBACK;
    }
    return name.length() > AgentConfig.MAX_NAME_CHARS ? name.substring(0, AgentConfig.MAX_NAME_CHARS) : name;
  }
}
