package dev.echomesh.agent.control;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the administrative endpoints' work (deny, allow, reload, forget: they write the data
 * directory or read the config file) on one daemon thread, never on a Netty event loop, and answers
 * with its JSON or its error. One thread is enough: these requests are rare and the agent
 * serializes them anyway.
 */
final class AdminWork {

  /** What one request does; returns the JSON tree of a 200 answer. */
  @FunctionalInterface
  interface Work {
    Object run() throws ControlException;
  }

  private static final Logger log = LoggerFactory.getLogger(AdminWork.class);

  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "echomesh-api-admin");
            thread.setDaemon(true);
            return thread;
          });

  private AdminWork() {}

  /** Runs {@code work} off the event loop; answers {@code exchange} with its outcome. */
  static void answer(ApiExchange exchange, Work work) {
    try {
      THREAD.execute(() -> exchange(exchange, work));
    } catch (RejectedExecutionException e) {
      exchange.error(new ControlException(ControlError.BUSY, "the agent cannot take the request now"));
    }
  }

  private static void exchange(ApiExchange exchange, Work work) {
    try {
      exchange.json(HttpResponseStatus.OK, work.run());
    } catch (ControlException e) {
      exchange.error(e);
    } catch (UncheckedIOException e) {
      log.error("A local API request failed on a file: {}", e.getCause().getMessage());
      exchange.error(new ControlException(ControlError.INTERNAL, e.getCause().getMessage(), e));
    } catch (RuntimeException e) {
      log.error("A local API request failed unexpectedly", e);
      exchange.error(new ControlException(ControlError.INTERNAL, "the agent failed: " + e, e));
    }
  }
}
