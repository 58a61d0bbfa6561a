package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RelativeName;
import java.io.IOException;

/** One file a {@link BatchSender} sends: where it goes, and how to open it when its turn comes. */
public interface BatchItem {

  /** Its name in the receiver's inbox. */
  RelativeName target();

  /** Opens it for reading; called once per attempt, when its bytes are about to be sent. */
  FileSource open() throws IOException;
}
