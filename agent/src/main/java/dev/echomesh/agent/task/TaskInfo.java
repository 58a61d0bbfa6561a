package dev.echomesh.agent.task;

/**
 * A task as listed by {@code echomesh tasks}.
 *
 * @param name the name callers use
 * @param description one line for people
 * @param origin where it comes from, e.g. {@value #EXTERNAL_PROGRAM}; empty when not stated
 */
public record TaskInfo(String name, String description, String origin) {

  /** The origin of a task served by a program through the local API. */
  public static final String EXTERNAL_PROGRAM = "external program";

  public TaskInfo {
    description = description == null ? "" : description;
    origin = origin == null ? "" : origin;
  }

  /** A task whose origin is not stated. */
  public TaskInfo(String name, String description) {
    this(name, description, "");
  }
}
