package dev.echomesh.it.lan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line of a JVM to run in a virtual host: this JVM's {@code java}, small-footprint
 * options (several JVMs share two cores in CI) and either the test classpath or the echomesh jar.
 * Immutable; each method returns a new command.
 */
public final class JavaCommand {

  /** System property naming the shaded echomesh jar (set by the integration-tests pom). */
  public static final String ECHOMESH_JAR_PROPERTY = "echomesh.jar";

  /** Options for many short-lived small JVMs on few cores: fast start, little memory. */
  private static final List<String> DEFAULT_JVM_OPTIONS = List.of(
      "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1",
      "-Xmx128m",
      // No hsperfdata files in /tmp that a kill -9 would leave behind.
      "-XX:-UsePerfData");

  private final List<String> jvmOptions;
  private final List<String> launch;
  private final List<String> args;

  private JavaCommand(List<String> jvmOptions, List<String> launch, List<String> args) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.launch = List.copyOf(launch);
    this.args = List.copyOf(args);
  }

  /** Runs {@code mainClass} from this JVM's test classpath (test classes and all dependencies). */
  public static JavaCommand mainClass(Class<?> mainClass) {
    return mainClass(mainClass.getName());
  }

  /** Runs the class named {@code mainClass} from this JVM's test classpath. */
  public static JavaCommand mainClass(String mainClass) {
    Objects.requireNonNull(mainClass, "mainClass");
    return new JavaCommand(DEFAULT_JVM_OPTIONS, List.of("-cp", testClasspath(), mainClass), List.of());
  }

  /**
   * Runs the echomesh jar named by system property {@value #ECHOMESH_JAR_PROPERTY}.
   *
   * @throws IllegalStateException if the property is unset or the jar is missing (build the
   *     tools module first)
   */
  public static JavaCommand echomeshJar() {
    return new JavaCommand(DEFAULT_JVM_OPTIONS, List.of("-jar", echomeshJarPath()), List.of());
  }

  /**
   * Runs {@code mainClass} from the echomesh jar ({@code java -cp JAR mainClass}).
   *
   * @throws IllegalStateException if the jar is missing, as for {@link #echomeshJar()}
   */
  public static JavaCommand echomeshJar(String mainClass) {
    Objects.requireNonNull(mainClass, "mainClass");
    return new JavaCommand(DEFAULT_JVM_OPTIONS, List.of("-cp", echomeshJarPath(), mainClass), List.of());
  }

  /**
   * Runs {@code mainClass} from the echomesh jar with more jars after it on the class path
   * ({@code java -cp JAR:EXTRA... mainClass}), e.g. task plugin jars.
   *
   * @throws IllegalStateException if the jar is missing, as for {@link #echomeshJar()}
   */
  public static JavaCommand echomeshJar(String mainClass, List<Path> extraClasspath) {
    Objects.requireNonNull(mainClass, "mainClass");
    StringBuilder classpath = new StringBuilder(echomeshJarPath());
    extraClasspath.forEach(path -> classpath.append(java.io.File.pathSeparatorChar).append(path));
    return new JavaCommand(DEFAULT_JVM_OPTIONS, List.of("-cp", classpath.toString(), mainClass), List.of());
  }

  /** This command with {@code arguments} appended to the program's arguments. */
  public JavaCommand args(String... arguments) {
    List<String> more = new ArrayList<>(args);
    more.addAll(List.of(arguments));
    return new JavaCommand(jvmOptions, launch, more);
  }

  /** This command with one more JVM option, e.g. {@code -Xmx256m}. */
  public JavaCommand jvmOption(String option) {
    List<String> more = new ArrayList<>(jvmOptions);
    more.add(option);
    return new JavaCommand(more, launch, args);
  }

  /** This command with {@code -Dname=value}. */
  public JavaCommand systemProperty(String name, String value) {
    return jvmOption("-D" + name + "=" + value);
  }

  /** The full argv. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(jvmOptions);
    argv.addAll(launch);
    argv.addAll(args);
    return argv;
  }

  @Override
  public String toString() {
    return String.join(" ", argv());
  }

  private static String echomeshJarPath() {
    String jar = System.getProperty(ECHOMESH_JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("the echomesh jar is missing (" + ECHOMESH_JAR_PROPERTY + "="
          + jar + "): build the tools module first, e.g. mvn -pl integration-tests -am verify");
    }
    return jar;
  }

  private static String testClasspath() {
    // Surefire and failsafe may hand the forked JVM a manifest-only jar as java.class.path;
    // they publish the real one here.
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
