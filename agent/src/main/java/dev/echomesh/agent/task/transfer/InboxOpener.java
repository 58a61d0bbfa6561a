package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.file.Inbox;
import java.io.IOException;

/**
 * The one {@link Inbox} of a node's receiving tasks ({@code file.put} and {@code file.put-batch}),
 * opened (and made) at the first file received. Sharing it shares its commit lock, so that two
 * tasks never both take one final name without overwrite. Thread-safe.
 */
final class InboxOpener {

  private final FileTasksConfig config;
  private Inbox inbox;

  InboxOpener(FileTasksConfig config) {
    this.config = config;
  }

  /**
   * The inbox.
   *
   * @throws IllegalStateException when receiving is off (the config has no inbox)
   */
  synchronized Inbox inbox() throws IOException {
    if (inbox == null) {
      inbox = Inbox.open(config.inbox().orElseThrow(() -> new IllegalStateException("receiving is off")),
          config.limits(), config.fsync());
    }
    return inbox;
  }
}
