package dev.echomesh.tools;

import dev.echomesh.agent.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reloads a running {@code echomesh agent}: the config file is read again and its task
 * access lists and deny list apply at once, without dropping links (see
 * {@link dev.echomesh.agent.Agent#reload}). A file that fails to parse keeps the settings in use;
 * the agent logs one line saying why. Without this handler the JVM would treat SIGHUP as a request
 * to stop.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK since 9 and kept
 * for this purpose): the JDK has no supported API for handling signals.
 */
final class ReloadSignal {

  private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

  private ReloadSignal() {}

  /** Installs the handler; logs a warning when the JVM refuses (e.g. started with -Xrs). */
  static void install(AgentRunner runner) {
    try {
      Signal.handle(new Signal("HUP"), signal -> reload(runner));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.warn("SIGHUP cannot be handled in this JVM ({}); restart the agent to apply config changes",
          e.getMessage());
    }
  }

  private static void reload(AgentRunner runner) {
    log.info("SIGHUP: reloading the config file");
    try {
      runner.reload();
    } catch (ConfigException e) {
      // The agent logged the one-line reason and kept its settings.
    } catch (RuntimeException e) {
      log.error("Reload failed, keeping the settings in use", e);
    }
  }
}
