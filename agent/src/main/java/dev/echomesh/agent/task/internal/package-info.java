/**
 * How the agent runs tasks; not API. The {@link dev.echomesh.agent.task.internal.TaskRegistry}
 * (handlers from code and from {@code ServiceLoader} plugins, per-task allow-lists), the bounded
 * {@link dev.echomesh.agent.task.internal.TaskExecutor} that runs calls off the network threads (the
 * {@link dev.echomesh.agent.task.internal.CallHandler} that links hand incoming calls to), the
 * at-most-once cache of idempotency keys, and the built-in tasks {@code echo}, {@code reverse},
 * {@code sysinfo} and {@code tasks}.
 */
package dev.echomesh.agent.task.internal;
