package dev.echomesh.tools.bench;

/** A measurement could not be made; its message becomes the reason beside a null figure. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
