/**
 * Tasks: the {@link dev.echomesh.agent.task.TaskHandler} SPI, the
 * {@link dev.echomesh.agent.task.internal.TaskRegistry} (handlers from code and from
 * {@code ServiceLoader} plugins, per-task allow-lists), the bounded
 * {@link dev.echomesh.agent.task.internal.TaskExecutor} that runs calls off the network threads, and the
 * {@link dev.echomesh.agent.task.StreamingTaskHandler} for tasks that read and write their
 * payloads as streams, and the built-in tasks {@code echo}, {@code reverse}, {@code sysinfo} and {@code tasks}.
 */
package dev.echomesh.agent.task;
