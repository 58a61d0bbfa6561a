package dev.echomesh.agent.control;

import dev.echomesh.agent.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of the local API on the control socket. Immutable; make one with {@link
 * #builder()} or take {@link #defaults()}. Each knob is documented on its builder method.
 *
 * @param maxRequestBytes largest request body accepted, in bytes
 * @param maxBufferedBytes request body bytes held at once across all connections
 * @param maxConnections connections served at once
 * @param maxStreams of those, how many may be long-lived streams (events, serve)
 * @param maxServedTasks tasks served by external programs at once, in total
 * @param maxTasksPerProgram tasks one program may serve
 * @param maxTaskConcurrency highest concurrency a program may declare for one task
 * @param requestReadTimeout how long a connection may take to send a complete request
 * @param responseWriteTimeout how long a client may take to accept one write
 * @param defaultCallTimeout call timeout when a request gives none
 * @param maxCallTimeout longest call timeout a request may ask for
 * @param callGrace how long past a call's timeout the server waits for the agent's result
 * @param streamKeepaliveInterval idle time after which a stream gets a keepalive comment
 * @param shutdownTimeout how long {@link ControlServer#close()} lets requests in progress finish
 * @param busyPoll how long the control socket's thread keeps polling after it worked, before it
 *     sleeps
 * @param version agent version reported by the status endpoint
 * @param ticker the monotonic time uptime is measured on
 * @param clock the wall clock, for the times events show and for the deadline instants of served calls
 */
public record ControlConfig(
    int maxRequestBytes,
    long maxBufferedBytes,
    int maxConnections,
    int maxStreams,
    int maxServedTasks,
    int maxTasksPerProgram,
    int maxTaskConcurrency,
    Duration requestReadTimeout,
    Duration responseWriteTimeout,
    Duration defaultCallTimeout,
    Duration maxCallTimeout,
    Duration callGrace,
    Duration streamKeepaliveInterval,
    Duration shutdownTimeout,
    Duration busyPoll,
    String version,
    Ticker ticker,
    Clock clock) {

  /** Longest {@link Builder#busyPoll} window: 1 ms. */
  public static final Duration MAX_BUSY_POLL = Duration.ofMillis(1);

  /** 16 MiB payload (the link frame limit) plus room for the rest of the request. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024 + 64 * 1024;

  public ControlConfig {
    Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
    Objects.requireNonNull(responseWriteTimeout, "responseWriteTimeout");
    Objects.requireNonNull(defaultCallTimeout, "defaultCallTimeout");
    Objects.requireNonNull(maxCallTimeout, "maxCallTimeout");
    Objects.requireNonNull(callGrace, "callGrace");
    Objects.requireNonNull(streamKeepaliveInterval, "streamKeepaliveInterval");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(busyPoll, "busyPoll");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(clock, "clock");
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
    private long maxBufferedBytes = 64L * 1024 * 1024;
    private int maxConnections = 64;
    private int maxStreams = 32;
    private int maxServedTasks = 256;
    private int maxTasksPerProgram = 64;
    private int maxTaskConcurrency = 64;
    private Duration requestReadTimeout = Duration.ofSeconds(30);
    private Duration responseWriteTimeout = Duration.ofSeconds(30);
    private Duration defaultCallTimeout = Duration.ofSeconds(10);
    private Duration maxCallTimeout = Duration.ofHours(1);
    private Duration callGrace = Duration.ofSeconds(5);
    private Duration streamKeepaliveInterval = Duration.ofSeconds(5);
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private Duration busyPoll = Duration.ofNanos(200_000);
    private String version = "dev";
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Largest request body accepted, in bytes. A longer one is answered 413 request_too_large and
     * its connection closed, at the first byte over the limit (an announced Content-Length over it
     * is refused before any byte is read). Range 1 KiB to 1 GiB; the default is 16 MiB + 64 KiB,
     * enough for a call carrying the largest payload a link frame holds.
     */
    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * Request body bytes buffered at once across every connection, counted as they arrive (never
     * from an announced length). A chunk that would pass it is answered 503 busy and its connection
     * closed, so stalled clients cannot exhaust the agent's memory. At least maxRequestBytes, at
     * most 4 GiB; the default is 64 MiB.
     */
    public Builder maxBufferedBytes(long bytes) {
      this.maxBufferedBytes = bytes;
      return this;
    }

    /**
     * Connections served at once. One more is answered 503 busy and closed. Range 2 to 4096; the
     * default is 64.
     */
    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    /**
     * How many of the connections may be long-lived streams ({@code /v1/events}, {@code
     * /v1/serve}); the rest stay free for short requests. Range 0 to maxConnections - 1; the
     * default is 32.
     */
    public Builder maxStreams(int streams) {
      this.maxStreams = streams;
      return this;
    }

    /**
     * Tasks served by external programs at once, over all programs. Range 1 to 65536; the default
     * is 256.
     */
    public Builder maxServedTasks(int tasks) {
      this.maxServedTasks = tasks;
      return this;
    }

    /** Tasks one program may serve. Range 1 to maxServedTasks; the default is 64. */
    public Builder maxTasksPerProgram(int tasks) {
      this.maxTasksPerProgram = tasks;
      return this;
    }

    /**
     * Highest concurrency a program may declare for one task: calls in flight to it at once, past
     * which callers get OVERLOADED. Range 1 to 4096; the default is 64.
     */
    public Builder maxTaskConcurrency(int calls) {
      this.maxTaskConcurrency = calls;
      return this;
    }

    /**
     * How long a connection may take to send a complete request (headers and body), counted from
     * its opening or the end of its previous response; past it the connection is closed, after a
     * 408 answer when a request had begun (an idle keep-alive connection gets none). Positive; the
     * default is 30 seconds.
     */
    public Builder requestReadTimeout(Duration timeout) {
      this.requestReadTimeout = timeout;
      return this;
    }

    /**
     * How long a client may take to accept one write (a response, a chunk, an event); past it the
     * connection is closed, so a client that stops reading holds no memory for long. Positive; the
     * default is 30 seconds.
     */
    public Builder responseWriteTimeout(Duration timeout) {
      this.responseWriteTimeout = timeout;
      return this;
    }

    /** Call timeout when a request gives none. Positive; the default is 10 seconds. */
    public Builder defaultCallTimeout(Duration timeout) {
      this.defaultCallTimeout = timeout;
      return this;
    }

    /**
     * Longest call timeout a request may ask for; a longer one is a malformed_request. At least
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
     * Idle time after which a stream gets a keepalive comment, which is how both sides notice a
     * peer that went away. Positive; the default is 5 seconds.
     */
    public Builder streamKeepaliveInterval(Duration interval) {
      this.streamKeepaliveInterval = interval;
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

    /**
     * How long the control socket's thread keeps polling (its sockets and the work other threads
     * hand it, yielding the CPU on every turn) after it worked, before it sleeps. A served call
     * crosses this thread twice (the call event out to the program, the program's result in), with
     * the program's answer in between: a thread still polling when the next step arrives needs no
     * wake-up, which on a virtual machine costs 50 to 100 us. Costs at most this much CPU after
     * each burst of requests, none while the API is idle. Zero sleeps at once (least CPU).
     * Range 0 to 1 ms; the default is 200 us.
     */
    public Builder busyPoll(Duration window) {
      this.busyPoll = window;
      return this;
    }

    /** Agent version reported by the status endpoint. Not blank; the default is "dev". */
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
     * The wall clock: the times events show, and the deadline instants of calls handed to served
     * programs. The default is the UTC system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first option out of its range
     */
    public ControlConfig build() {
      requireRange("maxRequestBytes", maxRequestBytes, 1024, 1 << 30);
      if (maxBufferedBytes < maxRequestBytes || maxBufferedBytes > (4L << 30)) {
        throw new IllegalArgumentException(
            "maxBufferedBytes must be in [maxRequestBytes ("
                + maxRequestBytes
                + "), 4 GiB], got "
                + maxBufferedBytes);
      }
      requireRange("maxConnections", maxConnections, 2, 4096);
      requireRange("maxStreams", maxStreams, 0, maxConnections - 1);
      requireRange("maxServedTasks", maxServedTasks, 1, 65536);
      requireRange("maxTasksPerProgram", maxTasksPerProgram, 1, maxServedTasks);
      requireRange("maxTaskConcurrency", maxTaskConcurrency, 1, 4096);
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
      requirePositive("streamKeepaliveInterval", streamKeepaliveInterval);
      Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      if (shutdownTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "shutdownTimeout must not be negative: " + shutdownTimeout);
      }
      Objects.requireNonNull(busyPoll, "busyPoll");
      if (busyPoll.isNegative() || busyPoll.compareTo(MAX_BUSY_POLL) > 0) {
        throw new IllegalArgumentException(
            "busyPoll must be in [0, " + MAX_BUSY_POLL.toNanos() / 1000 + " us], got " + busyPoll);
      }
      Objects.requireNonNull(version, "version");
      if (version.isBlank()) {
        throw new IllegalArgumentException("version must not be blank");
      }
      return new ControlConfig(
          maxRequestBytes,
          maxBufferedBytes,
          maxConnections,
          maxStreams,
          maxServedTasks,
          maxTasksPerProgram,
          maxTaskConcurrency,
          requestReadTimeout,
          responseWriteTimeout,
          defaultCallTimeout,
          maxCallTimeout,
          callGrace,
          streamKeepaliveInterval,
          shutdownTimeout,
          busyPoll,
          version,
          Objects.requireNonNull(ticker, "ticker"),
          Objects.requireNonNull(clock, "clock"));
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
