package dev.echomesh.tools.bench;

import java.util.Objects;

/**
 * The command line and the local API from outside the agent's process.
 *
 * @param startMillis {@code echomesh status} against a running agent, through the launcher as
 *     users run it (its class-data-sharing archive made by an earlier run), spawn to exit
 * @param startWithoutArchiveMillis the same with {@code ECHOMESH_CACHE_DIR=off}: no
 *     class-data-sharing archive, every class loaded from the jar
 * @param curlCallMillis a remote {@code echo} through the local API with {@code curl
 *     --unix-socket}, spawn to exit
 * @param cliCallMillis the same call with {@code echomesh call}, spawn to exit
 * @param inProcessCallMicrosP50 p50 of the built-in {@code echo} of the remote agent, called
 *     through the local API over one kept-alive connection
 * @param externalCallMicrosP50 p50 of the same call answered by the external Python example
 *     ({@code examples/python/handler.py}) through {@code POST /v1/serve}
 */
record CliResults(
    Measured<Samples> startMillis,
    Measured<Samples> startWithoutArchiveMillis,
    Measured<Samples> curlCallMillis,
    Measured<Samples> cliCallMillis,
    Measured<Double> inProcessCallMicrosP50,
    Measured<Double> externalCallMicrosP50) {

  CliResults {
    Objects.requireNonNull(startMillis, "startMillis");
    Objects.requireNonNull(startWithoutArchiveMillis, "startWithoutArchiveMillis");
    Objects.requireNonNull(curlCallMillis, "curlCallMillis");
    Objects.requireNonNull(cliCallMillis, "cliCallMillis");
    Objects.requireNonNull(inProcessCallMicrosP50, "inProcessCallMicrosP50");
    Objects.requireNonNull(externalCallMicrosP50, "externalCallMicrosP50");
  }

  /** Every figure missing for one reason. */
  static CliResults skipped(String reason) {
    return new CliResults(
        Measured.missing(reason), Measured.missing(reason), Measured.missing(reason), Measured.missing(reason),
        Measured.missing(reason), Measured.missing(reason));
  }

  /** What an external handler adds to a call at p50, in microseconds. */
  Measured<Double> externalHandlerAddedMicrosP50() {
    if (!externalCallMicrosP50.present()) {
      return externalCallMicrosP50;
    }
    return inProcessCallMicrosP50.map(inProcess -> externalCallMicrosP50.value() - inProcess);
  }
}
