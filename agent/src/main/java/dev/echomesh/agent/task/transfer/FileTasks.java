package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.TaskHandler;
import java.util.List;

/** The built-in file tasks made from one configuration. */
public final class FileTasks {

  private FileTasks() {}

  /** {@code file.put}, {@code file.put-batch}, {@code file.get} and {@code file.list} for {@code config}. */
  public static List<TaskHandler> of(FileTasksConfig config) {
    return of(config, TransferListener.NONE);
  }

  /** As {@link #of(FileTasksConfig)}, telling {@code transfers} of every put and get that ends. */
  public static List<TaskHandler> of(FileTasksConfig config, TransferListener transfers) {
    InboxOpener inbox = new InboxOpener(config);
    return List.of(new FilePutTask(config, transfers, inbox), new FilePutBatchTask(config, transfers, inbox),
        new FileGetTask(config, transfers), new FileListTask(config));
  }
}
