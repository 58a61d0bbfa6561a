package dev.echomesh.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name without a DNS lookup, for the default node name. */
final class HostName {

  private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static final String FALLBACK = "echomesh";

  private HostName() {}

  static String get() {
    String name = null;
    try {
      if (Files.isReadable(LINUX_HOSTNAME)) {
        name = Files.readString(LINUX_HOSTNAME, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      name = null;
    }
    if (name == null || name.isEmpty()) {
      name = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : System.getenv("COMPUTERNAME");
    }
    if (name == null || name.isBlank()) {
      return FALLBACK;
    }
    name = name.strip();
    return name.length() > AgentConfig.MAX_NAME_CHARS ? name.substring(0, AgentConfig.MAX_NAME_CHARS) : name;
  }
}
