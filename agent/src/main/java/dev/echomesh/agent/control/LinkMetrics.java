package dev.echomesh.agent.control;

import dev.echomesh.agent.link.FrameError;
import dev.echomesh.agent.link.LinkStats;
import dev.echomesh.agent.link.Refusal;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The link layer's counters ({@link LinkStats}) as metrics, read at scrape time: links opened and
 * closed, handshakes, refused connections by kind, frame errors, bytes on the wire, bytes buffered.
 * Labels take the values of fixed enums only.
 */
final class LinkMetrics {

  private LinkMetrics() {}

  static void register(PrometheusRegistry registry, Supplier<LinkStats> stats) {
    CounterWithCallback.builder()
        .name("echomesh_links_opened_total")
        .help("Links established (TLS handshake and Hello done), dialed or accepted.")
        .callback(callback -> callback.call(stats.get().linksOpened()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_links_closed_total")
        .help("Links closed, for any reason (idle, peer gone, duplicate, shutdown).")
        .callback(callback -> callback.call(stats.get().linksClosed()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_link_handshakes_total")
        .help("Link handshakes (TLS and Hello) by result: ok, failed (refused either way).")
        .labelNames("result")
        .callback(
            callback -> {
              LinkStats s = stats.get();
              callback.call(s.linksOpened(), "ok");
              callback.call(s.handshakesRefused(), "failed");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_link_connections_refused_total")
        .help("Incoming link connections refused, by kind.")
        .labelNames("kind")
        .callback(
            callback ->
                stats.get().refusals().forEach((kind, count) -> callback.call(count, label(kind))))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_link_frame_errors_total")
        .help("Link connections closed for a bad frame, by error.")
        .labelNames("error")
        .callback(
            callback -> {
              LinkStats s = stats.get();
              for (FrameError error : FrameError.values()) {
                callback.call(s.frameErrors(error), error.name().toLowerCase(Locale.ROOT));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_link_received_bytes_total")
        .help("Bytes read from link connections, as on the wire (TLS included).")
        .callback(callback -> callback.call(stats.get().bytesReceived()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_link_sent_bytes_total")
        .help("Bytes written to link connections, as on the wire (TLS included).")
        .callback(callback -> callback.call(stats.get().bytesSent()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("echomesh_link_buffered_bytes")
        .help("Bytes reserved now for call payloads being received or assembled.")
        .callback(callback -> callback.call(stats.get().bufferedBytes()))
        .register(registry);
  }

  static String label(Refusal kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
