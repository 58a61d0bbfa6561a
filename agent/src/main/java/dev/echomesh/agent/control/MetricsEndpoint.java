package dev.echomesh.agent.control;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: the agent's metrics in the Prometheus text format (version 0.0.4),
 * collected now. Reading them is cheap (counters and the peer table), so it runs on the event loop.
 */
final class MetricsEndpoint implements Endpoint {

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  MetricsEndpoint(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try {
      writer.write(text, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    exchange.raw(
        HttpResponseStatus.OK, EmptyHttpHeaders.INSTANCE, text.toByteArray(), writer.getContentType());
  }
}
