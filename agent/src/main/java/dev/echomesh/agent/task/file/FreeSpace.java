package dev.echomesh.agent.task.file;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the free-space guard reads the usable bytes of the inbox's file store. */
@FunctionalInterface
public interface FreeSpace {

  /** Bytes this process may still write to the file store now. */
  long usableBytes() throws IOException;

  /** The usable space of the file store holding {@code directory} ({@link FileStore#getUsableSpace}). */
  static FreeSpace of(Path directory) throws IOException {
    FileStore store = Files.getFileStore(directory);
    return store::getUsableSpace;
  }
}
