package dev.echomesh.agent.control;

/**
 * What every connection of one local API server shares: limits, counters, the router, and whether
 * new requests are still accepted. Thread-safe.
 */
final class ApiServerContext {

  private final ControlConfig config;
  private final BodyBudget budget;
  private final Slots connections;
  private final Slots streams;
  private final InFlight inFlight = new InFlight();
  private volatile Router router = new Router();
  private volatile Router browserRouter = new Router();
  private volatile boolean accepting = true;

  ApiServerContext(ControlConfig config) {
    this.config = config;
    this.budget = new BodyBudget(config.maxBufferedBytes());
    this.connections = new Slots(config.maxConnections());
    this.streams = new Slots(config.maxStreams());
  }

  ControlConfig config() {
    return config;
  }

  BodyBudget budget() {
    return budget;
  }

  Slots connections() {
    return connections;
  }

  /** Long-lived streams (events, serve), a share of the connections. */
  Slots streams() {
    return streams;
  }

  InFlight inFlight() {
    return inFlight;
  }

  Router router() {
    return router;
  }

  /** Installs the routes; until then every path is unknown. */
  void router(Router router) {
    this.router = router;
  }

  /** The routes of the TCP listener: the API's and the dashboard's files. */
  Router browserRouter() {
    return browserRouter;
  }

  /** Installs the TCP listener's routes; until then every path is unknown. */
  void browserRouter(Router router) {
    this.browserRouter = router;
  }

  boolean isAccepting() {
    return accepting;
  }

  void stopAccepting() {
    accepting = false;
  }

}
