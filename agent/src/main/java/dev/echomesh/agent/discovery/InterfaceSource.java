package dev.echomesh.agent.discovery;

import java.io.IOException;
import java.util.List;

/** Lists this machine's network interfaces. */
@FunctionalInterface
public interface InterfaceSource {

  /**
   * The interfaces as they are now.
   *
   * @throws IOException when the OS cannot be asked
   */
  List<LocalInterface> interfaces() throws IOException;

  /** The machine's interfaces, read through {@link java.net.NetworkInterface} at each call. */
  static InterfaceSource system() {
    return new SystemInterfaceSource();
  }
}
