package dev.echomesh.it.mesh;

import dev.echomesh.agent.task.TaskHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a task plugin jar, as a user would drop one next to the echomesh jar. */
public final class PluginJar {

  private PluginJar() {}

  /** A jar holding {@code task}'s class and the service file that registers it. */
  public static Path write(Path jar, Class<? extends TaskHandler> task) throws IOException {
    String classFile = task.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, new Manifest());
        InputStream bytes = task.getClassLoader().getResourceAsStream(classFile)) {
      if (bytes == null) {
        throw new IOException("class file " + classFile + " not found on the test classpath");
      }
      out.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(out);
      out.closeEntry();
      out.putNextEntry(new JarEntry("META-INF/services/" + TaskHandler.class.getName()));
      out.write((task.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
