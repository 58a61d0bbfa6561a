package dev.echomesh.tools.bench;

/** Opens one contender of the call benchmark; named so a failure to open can be reported. */
interface TargetFactory {

  /** The name the opened target will have. */
  String name();

  /**
   * Starts the contender's server and connects its client.
   *
   * @throws Exception when it cannot; the contender's figures become null with this reason
   */
  EchoTarget open() throws Exception;

  static TargetFactory of(String name, Opener opener) {
    return new TargetFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public EchoTarget open() throws Exception {
        return opener.open();
      }
    };
  }

  /** The opening step alone. */
  @FunctionalInterface
  interface Opener {
    EchoTarget open() throws Exception;
  }
}
