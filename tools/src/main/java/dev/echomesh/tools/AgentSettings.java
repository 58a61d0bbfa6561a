package dev.echomesh.tools;

import dev.echomesh.agent.AgentConfig;
import dev.echomesh.agent.ConfigException;
import dev.echomesh.agent.ConfigFile;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.settings.SettingException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The settings of {@code echomesh agent}, in layers: the defaults, then the config file
 * ({@code <data-dir>/echomesh.toml}, or {@code --config FILE}), then the flags. Links bound to a
 * loopback address (by flag or file) start from {@link AgentConfig#loopbackDefaults()}, keeping
 * the well-known link port, so the agent stays on this machine. Used at start and again for every
 * reload.
 */
final class AgentSettings {

  /** The plugin directory's name in the data directory. */
  static final String PLUGINS = "plugins";

  private AgentSettings() {}

  /**
   * The config file: {@code explicit} when given (it must exist), else the data directory's
   * {@code echomesh.toml} when it exists.
   *
   * @throws ConfigException when the file is missing (explicit only), unreadable or invalid
   */
  static Optional<ConfigFile> readFile(Path dataDirectory, Path explicit) throws ConfigException {
    if (explicit != null) {
      return Optional.of(ConfigFile.read(explicit));
    }
    Path standard = dataDirectory.resolve(ConfigFile.FILE_NAME);
    return Files.exists(standard) ? Optional.of(ConfigFile.read(standard)) : Optional.empty();
  }

  /**
   * Defaults, then {@code file}, then the flags of {@code options}; credentials and secrets are
   * still to be set.
   *
   * @throws ConfigException when the file's values conflict, or the flags conflict with it in a
   *     way the file must fix (naming its line)
   * @throws IllegalArgumentException when a flag is out of range or flags conflict
   */
  static AgentConfig.Builder compose(Path dataDirectory, Optional<ConfigFile> file, AgentRunner.Options options)
      throws ConfigException {
    InetAddress bind = options.bindAddress() != null
        ? options.bindAddress()
        : file.map(f -> f.get(LinkConfig.BIND)).orElse(null);
    AgentConfig.Builder config = bind != null && bind.isLoopbackAddress()
        ? AgentConfig.loopbackDefaults().loadTaskPlugins(true).link(l -> l.port(LinkConfig.PORT.defaultValue()))
        : AgentConfig.lanDefaults();
    config.dataDirectory(dataDirectory).pluginDirectory(dataDirectory.resolve(PLUGINS));
    if (file.isPresent()) {
      file.get().applyTo(config);
    }
    AgentNetwork.apply(options, config);
    return config;
  }

  /**
   * {@code e}, thrown when the composed settings were built, as a {@link ConfigException} at the
   * file's line when the file sets that key, else as the usage error of a flag.
   */
  static Exception explain(SettingException e, Optional<ConfigFile> file) {
    if (file.isPresent() && file.get().error(e).line() > 0) {
      return file.get().error(e);
    }
    return new IllegalArgumentException(e.getMessage(), e);
  }
}
