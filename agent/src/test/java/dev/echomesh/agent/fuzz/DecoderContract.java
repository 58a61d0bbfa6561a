package dev.echomesh.agent.fuzz;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The contract every decoder of outside bytes keeps, checked around one call: it returns a value
 * or throws one of its documented exception types; any other exception or error propagates and is
 * a finding. It also must not allocate out of proportion to its input: at most {@value
 * #ALLOCATED_BYTES_PER_INPUT_BYTE} bytes per input byte plus {@value #ALLOCATED_BYTES_SLACK} bytes,
 * as the JVM counts this thread's allocations (a decoder that reserves buffers from a length
 * prefix, such as 16 MiB announced in five bytes, fails this).
 *
 * <p>The decoder passed in must build all its state itself, because a call that allocated too much
 * is repeated once before it counts: the first call of a JVM also pays for loading and
 * initializing classes, which the second does not.
 */
public final class DecoderContract {

  /** Allowed allocation per input byte: text decoding, per-entry objects, copies of fields. */
  static final long ALLOCATED_BYTES_PER_INPUT_BYTE = 1024;

  /**
   * Allowed allocation per input byte for parsers of text (the config file's TOML, HTTP requests),
   * used with {@link #decode(byte[], Class, long, Decoder)}: while fuzzing, Jazzer's comparison hooks
   * copy both strings of every comparison they trace on this thread, which a text parser makes for
   * every token. Measured for a 572-byte config file: 1.6 MB under the hooks, 110 KB without.
   */
  public static final long ALLOCATED_BYTES_PER_TEXT_BYTE = 8 * 1024;

  /** Allowed allocation whatever the input's length: the decoder's own fixed state. */
  static final long ALLOCATED_BYTES_SLACK = 256 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private DecoderContract() {}

  /** A decoder of outside bytes, with all its state made inside the call. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] input) throws Exception;
  }

  /**
   * Decodes {@code input} with a decoder that documents {@code documented} for bad input.
   *
   * @return the decoded value, or empty when the decoder threw a {@code documented} exception
   * @throws Exception any other exception the decoder threw: a finding
   * @throws AssertionError if decoding allocated out of proportion to the input
   */
  public static <T> Optional<T> decode(
      byte[] input, Class<? extends Exception> documented, Decoder<T> decoder) throws Exception {
    return decode(input, documented, ALLOCATED_BYTES_PER_INPUT_BYTE, decoder);
  }

  /**
   * {@link #decode(byte[], Class, Decoder)} with {@code bytesPerInputByte} instead of {@value
   * #ALLOCATED_BYTES_PER_INPUT_BYTE} (see {@link #ALLOCATED_BYTES_PER_TEXT_BYTE}).
   */
  public static <T> Optional<T> decode(byte[] input, Class<? extends Exception> documented,
      long bytesPerInputByte, Decoder<T> decoder) throws Exception {
    long allowed = allowedBytes(input.length, bytesPerInputByte);
    Outcome<T> outcome = Outcome.of(input, documented, decoder);
    if (outcome.allocatedBytes() > allowed) {
      outcome = Outcome.of(input, documented, decoder);
      if (outcome.allocatedBytes() > allowed) {
        throw new AssertionError("decoding " + input.length + " bytes allocated "
            + outcome.allocatedBytes() + " bytes, over the bound of " + allowed);
      }
    }
    return outcome.value();
  }

  /**
   * Decodes {@code input} with a decoder that documents no exception (it reports bad input in its
   * value, which must not be null).
   */
  public static <T> T decodeWithoutException(byte[] input, Decoder<T> decoder) throws Exception {
    return decodeWithoutException(input, ALLOCATED_BYTES_PER_INPUT_BYTE, decoder);
  }

  /** {@link #decodeWithoutException(byte[], Decoder)} with {@code bytesPerInputByte} as the bound. */
  public static <T> T decodeWithoutException(byte[] input, long bytesPerInputByte, Decoder<T> decoder)
      throws Exception {
    return decode(input, NoException.class, bytesPerInputByte, decoder)
        .orElseThrow(() -> new AssertionError("the decoder returned null"));
  }

  /** The bound {@link #decode} holds a decoder of {@code inputBytes} bytes to. */
  static long allowedBytes(int inputBytes) {
    return allowedBytes(inputBytes, ALLOCATED_BYTES_PER_INPUT_BYTE);
  }

  private static long allowedBytes(int inputBytes, long bytesPerInputByte) {
    return bytesPerInputByte * inputBytes + ALLOCATED_BYTES_SLACK;
  }

  /** One call of a decoder: its value (empty after a documented exception) and what it allocated. */
  private record Outcome<T>(Optional<T> value, long allocatedBytes) {

    static <T> Outcome<T> of(byte[] input, Class<? extends Exception> documented,
        Decoder<T> decoder) throws Exception {
      T value = null;
      long before = THREADS.getCurrentThreadAllocatedBytes();
      try {
        value = decoder.decode(input);
      } catch (Exception e) {
        if (!documented.isInstance(e)) {
          throw e;
        }
      }
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      return new Outcome<>(Optional.ofNullable(value), allocated);
    }
  }

  /** Stands for "no documented exception": never thrown. */
  private static final class NoException extends Exception {
    private static final long serialVersionUID = 1L;
  }
}
