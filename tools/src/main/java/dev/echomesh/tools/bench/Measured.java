package dev.echomesh.tools.bench;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A figure of the benchmark, or the reason it could not be measured. The report shows a
 * missing figure as {@code null} with its reason beside it, never as a made-up number.
 */
final class Measured<T> {

  private final T value;
  private final String reason;

  private Measured(T value, String reason) {
    this.value = value;
    this.reason = reason;
  }

  static <T> Measured<T> of(T value) {
    return new Measured<>(Objects.requireNonNull(value, "value"), null);
  }

  static <T> Measured<T> missing(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a missing figure needs a reason");
    }
    return new Measured<>(null, reason);
  }

  boolean present() {
    return value != null;
  }

  /** The figure; call only when {@link #present()}. */
  T value() {
    if (value == null) {
      throw new IllegalStateException("not measured: " + reason);
    }
    return value;
  }

  Optional<T> asOptional() {
    return Optional.ofNullable(value);
  }

  /** Why the figure is missing; empty when present. */
  Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  <U> Measured<U> map(Function<? super T, ? extends U> mapper) {
    return present() ? Measured.of(mapper.apply(value)) : Measured.missing(reason);
  }

  @Override
  public String toString() {
    return present() ? String.valueOf(value) : "null (" + reason + ")";
  }
}
