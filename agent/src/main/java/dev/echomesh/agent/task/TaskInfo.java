package dev.echomesh.agent.task;

/** A registered task as listed by {@code echomesh tasks}. */
public record TaskInfo(String name, String description) {}
