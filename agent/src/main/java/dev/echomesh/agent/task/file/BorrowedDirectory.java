package dev.echomesh.agent.task.file;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.Iterator;
import java.util.Set;

/**
 * An open directory lent to one user that must not close it: every operation goes to the
 * directory, {@link #close} does nothing. Its owner ({@link InboxBatch}) keeps it open for the
 * next file in the same directory and closes it itself.
 */
final class BorrowedDirectory implements SecureDirectoryStream<Path> {

  private final SecureDirectoryStream<Path> directory;

  BorrowedDirectory(SecureDirectoryStream<Path> directory) {
    this.directory = directory;
  }

  @Override
  public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
    return directory.newDirectoryStream(path, options);
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    return directory.newByteChannel(path, options, attrs);
  }

  @Override
  public void deleteFile(Path path) throws IOException {
    directory.deleteFile(path);
  }

  @Override
  public void deleteDirectory(Path path) throws IOException {
    directory.deleteDirectory(path);
  }

  /** Moves within the lent directory, or to another (unwrapped, as the JDK needs its own type). */
  @Override
  public void move(Path source, SecureDirectoryStream<Path> targetDirectory, Path target) throws IOException {
    SecureDirectoryStream<Path> real = targetDirectory instanceof BorrowedDirectory borrowed
        ? borrowed.directory
        : targetDirectory;
    directory.move(source, real, target);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
    return directory.getFileAttributeView(type);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    return directory.getFileAttributeView(path, type, options);
  }

  @Override
  public Iterator<Path> iterator() {
    return directory.iterator();
  }

  /** Does nothing: the directory stays open for its owner. */
  @Override
  public void close() {}
}
