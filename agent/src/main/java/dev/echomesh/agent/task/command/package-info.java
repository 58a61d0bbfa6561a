/**
 * Command tasks, the safe {@code exec}: {@link dev.echomesh.agent.task.command.CommandTask} runs
 * a program the owner declared ({@link dev.echomesh.agent.task.command.CommandTaskSpec}) as an
 * argv list, never through a shell, with the caller's payload on stdin, a cleared environment,
 * a time limit, an output cap and a concurrency limit, in a process group of its own that is
 * killed as a whole on timeout or cancel.
 */
package dev.echomesh.agent.task.command;
