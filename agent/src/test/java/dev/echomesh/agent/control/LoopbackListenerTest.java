package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.testing.FakeAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local API's TCP listener on 127.0.0.1: off by default; Host, Origin and token checks. */
class LoopbackListenerTest {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  @TempDir Path dataDir;
  private HttpControlServer server;
  private int port;
  private String token;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private void start(boolean tcp) throws IOException {
    server = HttpControlServer.bind(dataDir, ControlConfig.defaults());
    if (tcp) {
      port = server.listenTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
      token = ApiToken.loadOrCreate(dataDir).value();
    }
    server.start(new FakeAgent("self"));
  }

  /** Sends one request with exactly these header lines and returns the status line and body. */
  private String send(String method, String path, String... headers) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  private String host() {
    return "Host: 127.0.0.1:" + port;
  }

  private static String statusLine(String response) {
    return response.lines().findFirst().orElse("");
  }

  @Test
  void listenTcp_notCalled_listenerOffAndDashboardSaysSo() throws IOException {
    start(false);
    assertEquals(Optional.empty(), server.tcpAddress());
    assertTrue(!Files.exists(dataDir.resolve(ApiToken.FILE_NAME)));
    try (ControlClient client = ControlClient.connect(dataDir)) {
      assertEquals(Optional.empty(), client.dashboardUrl());
    }
  }

  @Test
  void request_noToken_unauthorized() throws IOException {
    start(true);
    String response = send("GET", "/v1/status", host());
    assertEquals("HTTP/1.1 401 Unauthorized", statusLine(response));
    assertTrue(response.contains("\"error\":\"unauthorized\""), response);
  }

  @Test
  void request_wrongToken_unauthorized() throws IOException {
    start(true);
    String wrong = token.substring(1) + (token.charAt(0) == 'A' ? 'B' : 'A');
    assertEquals(
        "HTTP/1.1 401 Unauthorized",
        statusLine(send("GET", "/v1/status", host(), "Authorization: Bearer " + wrong)));
    assertEquals(
        "HTTP/1.1 401 Unauthorized",
        statusLine(send("GET", "/v1/status", host(), "X-API-Key: " + wrong)));
  }

  @Test
  void request_bearerToken_servedLikeTheSocket() throws IOException {
    start(true);
    String response = send("GET", "/v1/status", host(), "Authorization: Bearer " + token);
    assertEquals("HTTP/1.1 200 OK", statusLine(response));
    assertTrue(response.contains("\"name\":\"self\""), response);
  }

  @Test
  void request_apiKeyHeader_served() throws IOException {
    start(true);
    assertEquals(
        "HTTP/1.1 200 OK", statusLine(send("GET", "/v1/peers", host(), "X-API-Key: " + token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "[::1]"})
  void request_otherLoopbackHostNames_served(String name) throws IOException {
    start(true);
    assertEquals(
        "HTTP/1.1 200 OK",
        statusLine(send("GET", "/v1/peers", "Host: " + name + ":" + port, "X-API-Key: " + token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example", "127.0.0.1", "127.0.0.1:1", "attacker.test:PORT"})
  void request_forgedHost_forbiddenEvenWithTheToken(String forged) throws IOException {
    start(true);
    String response =
        send("GET", "/v1/status", "Host: " + forged.replace("PORT", "" + port), "X-API-Key: " + token);
    assertEquals("HTTP/1.1 403 Forbidden", statusLine(response));
    assertTrue(response.contains("\"error\":\"forbidden\""), response);
  }

  @Test
  void request_noHost_forbidden() throws IOException {
    start(true);
    assertEquals(
        "HTTP/1.1 403 Forbidden", statusLine(send("GET", "/v1/status", "X-API-Key: " + token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://evil.example", "null", "https://127.0.0.1:PORT", "http://127.0.0.1:1"})
  void request_foreignOrigin_forbiddenEvenWithTheToken(String origin) throws IOException {
    start(true);
    String response =
        send(
            "POST",
            "/v1/call/self/echo",
            host(),
            "Origin: " + origin.replace("PORT", "" + port),
            "X-API-Key: " + token);
    assertEquals("HTTP/1.1 403 Forbidden", statusLine(response));
    assertTrue(response.contains("cross-site"), response);
  }

  @Test
  void request_ownOrigin_served() throws IOException {
    start(true);
    assertEquals(
        "HTTP/1.1 200 OK",
        statusLine(
            send("GET", "/v1/status", host(), "Origin: http://127.0.0.1:" + port, "X-API-Key: " + token)));
  }

  @Test
  void listenTcp_nonLoopbackAddress_refusedNamingIt() throws IOException {
    server = HttpControlServer.bind(dataDir, ControlConfig.defaults());
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> server.listenTcp(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0)));
    assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
  }

  @Test
  void dashboardUrl_listenerOn_urlWithPortAndToken() throws IOException {
    start(true);
    try (ControlClient client = ControlClient.connect(dataDir)) {
      assertEquals(
          Optional.of("http://127.0.0.1:" + port + "/#token=" + token), client.dashboardUrl());
    }
  }

  @Test
  void loadOrCreate_twice_sameOwnerOnlyToken() throws IOException {
    ApiToken first = ApiToken.loadOrCreate(dataDir);
    ApiToken second = ApiToken.loadOrCreate(dataDir);
    assertEquals(first, second);
    assertEquals(43, first.value().length());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dataDir.resolve(ApiToken.FILE_NAME))));
    assertNotEquals(first.value(), first.toString());
  }

  @Test
  void dashboardPage_noToken_servedWithFramingForbidden() throws IOException {
    start(true);
    String response = send("GET", "/", host());
    assertEquals("HTTP/1.1 200 OK", statusLine(response));
    String lower = response.toLowerCase(java.util.Locale.ROOT);
    assertTrue(lower.contains("content-security-policy: default-src 'self'"), response);
    assertTrue(lower.contains("x-frame-options: deny"), response);
    assertTrue(response.contains("<script src=\"/dashboard/dashboard.js\""), response);
    assertTrue(
        statusLine(send("GET", "/dashboard/dashboard.js", host())).endsWith("200 OK"));
  }

  @Test
  void dashboardPage_forgedHost_forbidden() throws IOException {
    start(true);
    assertEquals(
        "HTTP/1.1 403 Forbidden", statusLine(send("GET", "/", "Host: evil.example:" + port)));
  }

  @Test
  void dashboardFile_unknownName_notFound() throws IOException {
    start(true);
    assertEquals(
        "HTTP/1.1 404 Not Found", statusLine(send("GET", "/dashboard/..%2Fapi-token", host())));
  }

  @Test
  void dashboardPage_onTheUnixSocket_unknownEndpoint() throws IOException {
    start(false);
    try (java.nio.channels.SocketChannel socket =
        java.nio.channels.SocketChannel.open(
            java.net.UnixDomainSocketAddress.of(server.socketPath()))) {
      socket.write(
          java.nio.ByteBuffer.wrap(
              "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII)));
      String response =
          new String(java.nio.channels.Channels.newInputStream(socket).readAllBytes(), StandardCharsets.UTF_8);
      assertEquals("HTTP/1.1 404 Not Found", statusLine(response));
    }
  }
}
