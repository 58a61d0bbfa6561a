/**
 * The built-in file tasks {@code file.put}, {@code file.put-batch}, {@code file.get} and {@code
 * file.list}: their wire protocol (a JSON header line, then raw bytes, in a streamed payload; see
 * {@code docs/files.md}),
 * their settings ({@link dev.echomesh.agent.task.transfer.FileTasksConfig}) and the one mapping of
 * file-transfer refusals to call statuses ({@link dev.echomesh.agent.task.transfer.FileStatuses}).
 * Disk access goes through {@link dev.echomesh.agent.task.file}.
 */
package dev.echomesh.agent.task.transfer;
