package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskInfo;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task handlers from the plugin jars of a directory ({@code <data-dir>/plugins} by default), loaded
 * by the agent itself whatever its class path: each {@code *.jar} file gets its own
 * {@link URLClassLoader} (parent: the agent's), and every {@link TaskHandler} its
 * {@code META-INF/services/dev.echomesh.agent.task.TaskHandler} lists becomes a task. A jar that
 * cannot be loaded (not a jar, a listed class missing or built for a newer Java, a constructor
 * that throws) is logged in one line and skipped; the others and the agent carry on. Jars are
 * read in name order. {@link #close} closes the class loaders.
 */
public final class PluginJars implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginJars.class);

  /** A handler and the jar it came from. */
  public record Plugin(TaskHandler handler, Path jar) {
    /** Its origin for {@link TaskInfo}: {@code plugin NAME.jar}. */
    public String origin() {
      return TaskInfo.plugin(jar.getFileName().toString());
    }
  }

  private final List<Plugin> plugins;
  private final List<URLClassLoader> loaders;

  private PluginJars(List<Plugin> plugins, List<URLClassLoader> loaders) {
    this.plugins = List.copyOf(plugins);
    this.loaders = List.copyOf(loaders);
  }

  /** No plugins. */
  public static PluginJars none() {
    return new PluginJars(List.of(), List.of());
  }

  /**
   * Loads every jar in {@code directory}; a missing directory holds none.
   *
   * @param parent the class loader that sees the agent's classes (the {@link TaskHandler} SPI)
   */
  public static PluginJars load(Path directory, ClassLoader parent) {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
      for (Path jar : entries) {
        if (Files.isRegularFile(jar)) {
          jars.add(jar);
        }
      }
    } catch (NoSuchFileException e) {
      log.debug("No plugin directory {}", directory);
      return none();
    } catch (IOException e) {
      log.warn("Plugin directory {} cannot be read ({}); starting without its plugins", directory, e.toString());
      return none();
    }
    Collections.sort(jars);
    List<Plugin> plugins = new ArrayList<>();
    List<URLClassLoader> loaders = new ArrayList<>();
    for (Path jar : jars) {
      URLClassLoader loader;
      try {
        loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
      } catch (MalformedURLException e) {
        log.warn("Plugin jar {} skipped: its path is not a URL ({})", jar, e.getMessage());
        continue;
      }
      List<Plugin> found = handlersOf(jar, loader);
      if (found.isEmpty()) {
        closeQuietly(loader);
      } else {
        plugins.addAll(found);
        loaders.add(loader);
      }
    }
    return new PluginJars(plugins, loaders);
  }

  private static List<Plugin> handlersOf(Path jar, URLClassLoader loader) {
    List<Plugin> found = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<TaskHandler> provider :
          ServiceLoader.load(TaskHandler.class, loader).stream().toList()) {
        if (provider.type().getClassLoader() == loader) { // not one the parent's class path lists
          found.add(new Plugin(provider.get(), jar));
        }
      }
    } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
      log.warn("Plugin jar {} skipped: {}; fix or remove the jar", jar, oneLine(e));
      return List.of();
    }
    if (found.isEmpty()) {
      log.warn("Plugin jar {} skipped: it lists no task handler in META-INF/services/{}", jar,
          TaskHandler.class.getName());
    }
    return found;
  }

  /** The handlers loaded, in jar order. */
  public List<Plugin> plugins() {
    return plugins;
  }

  @Override
  public void close() {
    loaders.forEach(PluginJars::closeQuietly);
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      log.debug("Closing the class loader of {} failed: {}", loader.getName(), e.toString());
    }
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      text.append(": ").append(root);
    }
    return text.toString().replace('\n', ' ');
  }
}
