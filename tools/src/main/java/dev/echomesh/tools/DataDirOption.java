package dev.echomesh.tools;

import dev.echomesh.agent.identity.DataDirectory;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option every command has. */
final class DataDirOption {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory (keys, control socket). Default: $ECHOMESH_DATA_DIR, else"
              + " $XDG_DATA_HOME/echomesh, else ~/.local/share/echomesh.")
  Path dataDir;

  DataDirectory resolve(Map<String, String> env) {
    return DataDirectory.resolve(dataDir, env);
  }
}
