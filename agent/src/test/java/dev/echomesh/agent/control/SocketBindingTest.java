package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketBindingTest {

  @TempDir Path temp;

  @Test
  void bind_freshDir_socketAndDirectoryOwnerOnly() throws IOException {
    Path dataDir = temp.resolve("data");
    try (SocketBinding binding = SocketBinding.bind(dataDir, SocketBindingTest::listen)) {
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(binding.socketPath())));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(dataDir.resolve(SocketBinding.LOCK_FILE_NAME))));
    }
  }

  @Test
  void bind_groupReadableDir_tightenedToOwnerOnly() throws IOException {
    Path dataDir =
        Files.createDirectory(
            temp.resolve("data"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
    try (SocketBinding ignored = SocketBinding.bind(dataDir, SocketBindingTest::listen)) {
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
    }
  }

  @Test
  void bind_secondOnSameDir_refusedNamingThePid() throws IOException {
    try (SocketBinding ignored = SocketBinding.bind(temp, SocketBindingTest::listen)) {
      AgentAlreadyRunningException e =
          assertThrows(AgentAlreadyRunningException.class, () -> SocketBinding.bind(temp, SocketBindingTest::listen));
      assertEquals(ProcessHandle.current().pid(), e.pid());
      assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }
  }

  @Test
  void bind_afterClose_succeedsAgain() throws IOException {
    SocketBinding.bind(temp, SocketBindingTest::listen).close();
    try (SocketBinding again = SocketBinding.bind(temp, SocketBindingTest::listen)) {
      assertTrue(Files.exists(again.socketPath()));
    }
  }

  @Test
  void bind_staleSocketFromCrashedAgent_replaced() throws IOException {
    Path socket = ControlSocket.path(temp);
    try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      crashed.bind(UnixDomainSocketAddress.of(socket));
    } // closed without removing its file, like a killed agent
    assertTrue(Files.exists(socket));
    assertFalse(ControlSocket.answers(temp));
    try (SocketBinding binding = SocketBinding.bind(temp, SocketBindingTest::listen)) {
      assertTrue(ControlSocket.answers(temp));
    }
  }

  @Test
  void close_removesSocketFile() throws IOException {
    Path socket;
    try (SocketBinding binding = SocketBinding.bind(temp, SocketBindingTest::listen)) {
      socket = binding.socketPath();
      assertTrue(Files.exists(socket));
    }
    assertFalse(Files.exists(socket));
  }

  @Test
  void bind_pathTooLongForUnixSocket_clearError() {
    Path deep = temp.resolve("d".repeat(110));
    IOException e = assertThrows(IOException.class, () -> SocketBinding.bind(deep, SocketBindingTest::listen));
    assertTrue(e.getMessage().contains("shorter data dir"), e.getMessage());
  }

  /** A plain JDK listener, as the server binds one through Netty. */
  private static Closeable listen(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }
}
