package dev.echomesh.agent.control;

/** A path served with another method; carries the methods that would work (the Allow header). */
final class MethodNotAllowedException extends ControlException {

  private final String allowed;

  MethodNotAllowedException(String method, String path, String allowed) {
    super(
        ControlError.METHOD_NOT_ALLOWED,
        method + " is not allowed on " + path + "; use " + allowed);
    this.allowed = allowed;
  }

  /** The methods the path takes, comma-separated. */
  String allowed() {
    return allowed;
  }
}
