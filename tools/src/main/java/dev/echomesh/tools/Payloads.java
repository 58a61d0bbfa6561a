package dev.echomesh.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a task payload given on the command line: text as is, {@code -} for stdin, {@code @FILE}
 * for a file's bytes, {@code @@text} for text that starts with '@'.
 */
final class Payloads {

  /**
   * Largest payload sent through the agent: the local API holds a request whole (its limit is
   * this plus 64 KiB). Links chunk payloads over their one-frame size, so any payload up to this
   * reaches the peer, the frame limit's overhead notwithstanding.
   */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  static final String HELP =
      "Payload: text, '-' to read stdin, '@FILE' to send a file, '@@text' for text starting"
          + " with '@'; none = empty. Put -- before a payload that starts with '-'.";

  private Payloads() {}

  /**
   * @param argument the PAYLOAD argument; null when not given (empty payload)
   * @throws CliException USAGE when the file cannot be read or the payload is too large
   */
  static byte[] read(String argument, InputStream stdin) {
    if (argument == null) {
      return new byte[0];
    }
    if (argument.equals("-")) {
      return readBounded(stdin, "stdin");
    }
    if (argument.startsWith("@@")) {
      return checkSize(argument.substring(1).getBytes(StandardCharsets.UTF_8), "the payload");
    }
    if (argument.startsWith("@")) {
      Path file = Path.of(argument.substring(1));
      try (InputStream in = Files.newInputStream(file)) {
        return readBounded(in, file.toString());
      } catch (NoSuchFileException e) {
        throw CliException.usage(
            "no payload file "
                + file
                + " (to send text starting with '@', write '@"
                + argument
                + "')");
      } catch (IOException e) {
        throw CliException.usage("cannot read the payload file " + file + ": " + e.getMessage());
      }
    }
    return checkSize(argument.getBytes(StandardCharsets.UTF_8), "the payload");
  }

  private static byte[] readBounded(InputStream in, String source) {
    try {
      return checkSize(in.readNBytes(MAX_PAYLOAD_BYTES + 1), source);
    } catch (IOException e) {
      throw CliException.usage("cannot read the payload from " + source + ": " + e.getMessage());
    }
  }

  private static byte[] checkSize(byte[] payload, String source) {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw CliException.usage(
          source + " is over the payload limit of " + MAX_PAYLOAD_BYTES / (1024 * 1024) + " MiB");
    }
    return payload;
  }
}
