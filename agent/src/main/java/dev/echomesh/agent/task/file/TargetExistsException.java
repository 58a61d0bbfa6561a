package dev.echomesh.agent.task.file;

/** The final name already exists and the sender did not ask to overwrite it. */
public final class TargetExistsException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final String name;

  TargetExistsException(RelativeName name) {
    super(name.printable() + " already exists; send again with overwrite to replace it");
    this.name = name.toString();
  }

  public String name() {
    return name;
  }
}
