package dev.echomesh.agent.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where the control socket of a data directory lives, and how a client reaches it. */
public final class ControlSocket {

  /** File name of the control socket inside the data directory. */
  public static final String SOCKET_FILE_NAME = "control.sock";

  /**
   * Longest socket path the kernel accepts, in bytes: {@code sun_path} is 108 bytes on Linux (104
   * on macOS) including the terminating NUL.
   */
  static final int MAX_SOCKET_PATH_BYTES = 103;

  private ControlSocket() {}

  /** The control socket's path for {@code dataDir}. */
  public static Path path(Path dataDir) {
    return dataDir.resolve(SOCKET_FILE_NAME);
  }

  /**
   * Connects to the agent of {@code dataDir}.
   *
   * @throws AgentNotRunningException when no socket file exists or nothing accepts on it
   * @throws IOException on other failures, e.g. no permission to use the socket
   */
  static SocketChannel connect(Path dataDir) throws IOException {
    Path socket = path(dataDir);
    checkLength(socket);
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (ConnectException | NoSuchFileException e) {
      channel.close();
      throw notRunningOrDenied(dataDir, socket, e);
    } catch (SocketException e) {
      channel.close();
      if (!Files.exists(socket) || !Files.isWritable(socket)) {
        throw notRunningOrDenied(dataDir, socket, e);
      }
      throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Why {@code socket} could not be reached: this user may not look into {@code dataDir} or write
   * to the socket (an {@link AccessDeniedException} naming the path, e.g. an agent run as another
   * user), or no agent runs there.
   */
  private static IOException notRunningOrDenied(Path dataDir, Path socket, IOException cause) {
    if (Files.isDirectory(dataDir) && !Files.isExecutable(dataDir)) {
      return denied(dataDir, "cannot look for the agent's control socket in it", cause);
    }
    if (Files.exists(socket) && !Files.isWritable(socket)) {
      return denied(socket, "cannot connect to the agent's control socket", cause);
    }
    return new AgentNotRunningException(dataDir, cause);
  }

  private static AccessDeniedException denied(Path path, String reason, IOException cause) {
    AccessDeniedException denied = new AccessDeniedException(path.toString(), null, reason);
    denied.initCause(cause);
    return denied;
  }

  /** Whether an agent answers on {@code dataDir}'s socket right now. */
  static boolean answers(Path dataDir) {
    try (SocketChannel ignored = connect(dataDir)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void checkLength(Path socket) throws IOException {
    int length = socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (length > MAX_SOCKET_PATH_BYTES) {
      throw new IOException(
          "the control socket path "
              + socket
              + " is "
              + length
              + " bytes, longer than a Unix socket allows ("
              + MAX_SOCKET_PATH_BYTES
              + "): use a shorter data dir");
    }
  }
}
