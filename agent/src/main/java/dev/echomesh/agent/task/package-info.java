/**
 * The task API: the {@link dev.echomesh.agent.task.TaskHandler} SPI (and
 * {@link dev.echomesh.agent.task.StreamingTaskHandler} for tasks that read and write their payloads
 * as streams), the {@link dev.echomesh.agent.task.TaskRequest} a handler gets, and the
 * {@link dev.echomesh.agent.task.TaskResult} with its {@link dev.echomesh.agent.task.TaskStatus}
 * that every call ends with. The registry, the executor and the built-in tasks are in
 * {@code dev.echomesh.agent.task.internal}, which is not API.
 */
package dev.echomesh.agent.task;
