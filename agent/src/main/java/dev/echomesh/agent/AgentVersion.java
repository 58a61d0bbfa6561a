package dev.echomesh.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, as built by Maven; "dev" when run from a source tree's classes. */
public final class AgentVersion {

  private static final String POM_PROPERTIES = "/META-INF/maven/dev.echomesh/echomesh-agent/pom.properties";
  private static final String VERSION = read();

  private AgentVersion() {}

  /** E.g. "0.1.0-SNAPSHOT", or "dev". */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = AgentVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version != null && !version.isBlank()) {
          return version;
        }
      }
    } catch (IOException e) {
      // fall through to the manifest
    }
    String fromManifest = AgentVersion.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "dev" : fromManifest;
  }
}
