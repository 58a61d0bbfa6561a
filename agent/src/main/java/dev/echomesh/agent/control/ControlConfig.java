package dev.echomesh.agent.control;

import dev.echomesh.agent.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of the local control socket. Immutable; make one with {@link #builder()} or
 * take {@link #defaults()}.
 *
 * @param maxRequestBytes largest request accepted, in bytes
 * @param maxConnections control connections served at once
 * @param maxWatchers of those, how many may be {@code peers --watch} streams
 * @param requestReadTimeout how long a connection may take to send its next request
 * @param responseWriteTimeout how long a client may take to accept one response
 * @param defaultCallTimeout call timeout when a request gives none
 * @param maxCallTimeout longest call timeout a request may ask for
 * @param callGrace how long past a call's timeout the server waits for the agent's result
 * @param watchKeepaliveInterval idle time after which a watch stream gets a keepalive
 * @param shutdownTimeout how long {@link ControlServer#close()} lets requests in progress finish
 * @param version agent version reported by the status request
 * @param ticker the monotonic time uptime is measured on
 */
public record ControlConfig(
    int maxRequestBytes,
    int maxConnections,
    int maxWatchers,
    Duration requestReadTimeout,
    Duration responseWriteTimeout,
    Duration defaultCallTimeout,
    Duration maxCallTimeout,
    Duration callGrace,
    Duration watchKeepaliveInterval,
    Duration shutdownTimeout,
    String version,
    Ticker ticker) {

  /** 16 MiB payload (the link frame limit) plus room for the rest of the request. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024 + 64 * 1024;

  public ControlConfig {
    Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
    Objects.requireNonNull(responseWriteTimeout, "responseWriteTimeout");
    Objects.requireNonNull(defaultCallTimeout, "defaultCallTimeout");
    Objects.requireNonNull(maxCallTimeout, "maxCallTimeout");
    Objects.requireNonNull(callGrace, "callGrace");
    Objects.requireNonNull(watchKeepaliveInterval, "watchKeepaliveInterval");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(ticker, "ticker");
  }

  /** Every knob at its default. */
  public static ControlConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ControlConfig}; {@link #build()} validates every value. */
  public static final class Builder {
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private int maxConnections = 16;
    private int maxWatchers = 8;
    private Duration requestReadTimeout = Duration.ofSeconds(30);
    private Duration responseWriteTimeout = Duration.ofSeconds(30);
    private Duration defaultCallTimeout = Duration.ofSeconds(10);
    private Duration maxCallTimeout = Duration.ofHours(1);
    private Duration callGrace = Duration.ofSeconds(5);
    private Duration watchKeepaliveInterval = Duration.ofSeconds(5);
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private String version = "dev";
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * Largest request accepted, in bytes (length prefix excluded). A longer one gets a
     * REQUEST_TOO_LARGE error and its connection is closed. Range 1 KiB to 1 GiB; the default is 16
     * MiB + 64 KiB, enough for a call carrying the largest payload a link frame holds.
     */
    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * Control connections served at once, each on its own thread. One more is answered BUSY and
     * closed. Range 2 to 1024; the default is 16.
     */
    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    /**
     * How many of the connections may be watch streams ({@code echomesh peers --watch}), which stay
     * open; the rest stay free for short requests. Range 0 to maxConnections - 1; the default is 8.
     */
    public Builder maxWatchers(int watchers) {
      this.maxWatchers = watchers;
      return this;
    }

    /**
     * How long a connection may take to send its next complete request; past it the connection is
     * closed. Positive; the default is 30 seconds.
     */
    public Builder requestReadTimeout(Duration timeout) {
      this.requestReadTimeout = timeout;
      return this;
    }

    /**
     * How long a client may take to read one response; past it the connection is closed, so a
     * stalled client never holds a thread for long. Positive; the default is 30 seconds.
     */
    public Builder responseWriteTimeout(Duration timeout) {
      this.responseWriteTimeout = timeout;
      return this;
    }

    /** Call timeout when a request gives 0. Positive; the default is 10 seconds. */
    public Builder defaultCallTimeout(Duration timeout) {
      this.defaultCallTimeout = timeout;
      return this;
    }

    /**
     * Longest call timeout a request may ask for; a longer one is a MALFORMED_REQUEST. At least
     * defaultCallTimeout; the default is 1 hour.
     */
    public Builder maxCallTimeout(Duration timeout) {
      this.maxCallTimeout = timeout;
      return this;
    }

    /**
     * How long past a call's timeout the server still waits for the agent's result before it
     * answers TIMEOUT itself. The agent promises a result by the timeout, so this only guards
     * against a bug. Positive; the default is 5 seconds.
     */
    public Builder callGrace(Duration grace) {
      this.callGrace = grace;
      return this;
    }

    /**
     * Idle time after which a watch stream gets a keepalive, which is how the server notices a
     * watcher that went away. Positive; the default is 5 seconds.
     */
    public Builder watchKeepaliveInterval(Duration interval) {
      this.watchKeepaliveInterval = interval;
      return this;
    }

    /**
     * How long {@link ControlServer#close()} lets requests in progress finish before it closes
     * their connections. Zero or positive; the default is 5 seconds.
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /** Agent version reported by the status request. Not blank; the default is "dev". */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** The monotonic time uptime is measured on. The default is {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first option out of its range
     */
    public ControlConfig build() {
      requireRange("maxRequestBytes", maxRequestBytes, 1024, 1 << 30);
      requireRange("maxConnections", maxConnections, 2, 1024);
      requireRange("maxWatchers", maxWatchers, 0, maxConnections - 1);
      requirePositive("requestReadTimeout", requestReadTimeout);
      requirePositive("responseWriteTimeout", responseWriteTimeout);
      requirePositive("defaultCallTimeout", defaultCallTimeout);
      requirePositive("maxCallTimeout", maxCallTimeout);
      if (maxCallTimeout.compareTo(defaultCallTimeout) < 0) {
        throw new IllegalArgumentException(
            "maxCallTimeout ("
                + maxCallTimeout
                + ") must be at least defaultCallTimeout ("
                + defaultCallTimeout
                + ")");
      }
      requirePositive("callGrace", callGrace);
      requirePositive("watchKeepaliveInterval", watchKeepaliveInterval);
      Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      if (shutdownTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "shutdownTimeout must not be negative: " + shutdownTimeout);
      }
      Objects.requireNonNull(version, "version");
      if (version.isBlank()) {
        throw new IllegalArgumentException("version must not be blank");
      }
      return new ControlConfig(
          maxRequestBytes,
          maxConnections,
          maxWatchers,
          requestReadTimeout,
          responseWriteTimeout,
          defaultCallTimeout,
          maxCallTimeout,
          callGrace,
          watchKeepaliveInterval,
          shutdownTimeout,
          version,
          Objects.requireNonNull(ticker, "ticker"));
    }

    private static void requireRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be in [" + min + ", " + max + "], got " + value);
      }
    }

    private static void requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }
  }
}
