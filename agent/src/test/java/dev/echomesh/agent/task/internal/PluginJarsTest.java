package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarsTest {

  /** A plugin task; the jar built here holds its class file. */
  public static final class Shout implements TaskHandler {
    @Override
    public String name() {
      return "shout";
    }

    @Override
    public String description() {
      return "upper-cases the payload";
    }

    @Override
    public TaskResult handle(TaskRequest request) {
      return TaskResult.ok(new String(request.payload(), StandardCharsets.UTF_8).toUpperCase()
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Sees the agent's classes but not {@link Shout}, as the agent's class loader would not. */
  private static final ClassLoader AGENT_ONLY = new ClassLoader(PluginJarsTest.class.getClassLoader()) {
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(Shout.class.getName())) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  };

  @TempDir Path dir;

  @Test
  void load_jarListingAHandler_servesIt() throws Exception {
    writeJar(dir.resolve("shout.jar"), Shout.class.getName(), true);
    try (PluginJars jars = PluginJars.load(dir, AGENT_ONLY)) {
      assertEquals(1, jars.plugins().size());
      PluginJars.Plugin plugin = jars.plugins().get(0);
      assertEquals("shout", plugin.handler().name());
      assertEquals("plugin shout.jar", plugin.origin());
      assertTrue(plugin.handler().getClass().getClassLoader() != AGENT_ONLY, "loaded from the jar");
    }
  }

  @Test
  void load_badJarsBesideAGoodOne_skipsTheBadOnesOnly() throws Exception {
    Files.writeString(dir.resolve("a-not-a-jar.jar"), "hello");
    writeJar(dir.resolve("b-missing-class.jar"), "com.example.Missing", false);
    writeJar(dir.resolve("c-no-services.jar"), null, false);
    writeJar(dir.resolve("d-shout.jar"), Shout.class.getName(), true);
    try (PluginJars jars = PluginJars.load(dir, AGENT_ONLY)) {
      assertEquals(List.of("shout"), jars.plugins().stream().map(p -> p.handler().name()).toList());
    }
  }

  @Test
  void load_missingDirectory_none() {
    try (PluginJars jars = PluginJars.load(dir.resolve("absent"), AGENT_ONLY)) {
      assertTrue(jars.plugins().isEmpty());
    }
  }

  /**
   * A jar listing {@code service} in META-INF/services (none when null), with {@link Shout}'s
   * class file when {@code withClass}.
   */
  static void writeJar(Path jar, String service, boolean withClass) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, new Manifest())) {
      if (withClass) {
        String classFile = Shout.class.getName().replace('.', '/') + ".class";
        try (InputStream bytes = Shout.class.getClassLoader().getResourceAsStream(classFile)) {
          out.putNextEntry(new JarEntry(classFile));
          bytes.transferTo(out);
          out.closeEntry();
        }
      }
      if (service != null) {
        out.putNextEntry(new JarEntry("META-INF/services/" + TaskHandler.class.getName()));
        out.write((service + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }
}
