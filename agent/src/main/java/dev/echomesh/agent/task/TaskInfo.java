package dev.echomesh.agent.task;

/**
 * A registered task as listed by {@code echomesh tasks}.
 *
 * @param origin where the task comes from: {@link #BUILT_IN}, {@link #CODE}, {@link #CLASS_PATH},
 *     {@link #COMMAND}, {@link #EXTERNAL_PROGRAM}, {@code "plugin NAME.jar"} ({@link #plugin}); empty when unknown (a listing from an older
 *     agent)
 */
public record TaskInfo(String name, String description, String origin) {

  /** A task of the agent itself (echo, reverse, sysinfo, tasks). */
  public static final String BUILT_IN = "built-in";
  /** A task the embedding application registered in code. */
  public static final String CODE = "code";
  /** A command task declared in the config file ({@code [tasks.NAME]} with {@code command}). */
  public static final String COMMAND = "command";
  /** A task served by a program through the local API ({@code POST /v1/serve}). */
  public static final String EXTERNAL_PROGRAM = "external program";
  /** A task from a plugin jar on the agent's class path. */
  public static final String CLASS_PATH = "plugin (class path)";

  public TaskInfo {
    description = description == null ? "" : description;
    origin = origin == null ? "" : origin;
  }

  /** A task whose origin is not known. */
  public TaskInfo(String name, String description) {
    this(name, description, "");
  }

  /** The origin of a task from the plugin jar {@code jarFileName} of the plugin directory. */
  public static String plugin(String jarFileName) {
    return "plugin " + jarFileName;
  }
}
