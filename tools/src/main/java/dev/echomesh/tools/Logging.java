package dev.echomesh.tools;

import java.util.Map;

/**
 * Configures slf4j-simple before the first logger exists: to stderr, short timestamps, level {@code
 * info} for {@code echomesh agent} and {@code warn} for the short commands (whose results speak for
 * themselves). {@code ECHOMESH_LOG_LEVEL} (trace, debug, info, warn, error) overrides the level; a
 * {@code -Dorg.slf4j.simpleLogger.*} property given to the JVM wins over both.
 */
final class Logging {

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  static void configure(String[] args, Map<String, String> env) {
    String level = env.getOrDefault("ECHOMESH_LOG_LEVEL", isAgent(args) ? "info" : "warn");
    setIfAbsent("defaultLogLevel", level);
    setIfAbsent("logFile", "System.err");
    setIfAbsent("showDateTime", "true");
    setIfAbsent("dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showShortLogName", "true");
    setIfAbsent("levelInBrackets", "false");
    // Netty and jmdns are chatty at debug; their warnings still show.
    setIfAbsent("log.io.netty", "warn".equals(level) || "error".equals(level) ? level : "info");
    setIfAbsent("log.javax.jmdns", "warn");
  }

  /** Whether the subcommand (the first argument that is not an option) is {@code agent}. */
  static boolean isAgent(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg.equals("agent");
      }
    }
    return false;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
