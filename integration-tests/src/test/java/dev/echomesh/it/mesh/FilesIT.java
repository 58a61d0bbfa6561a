package dev.echomesh.it.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code echomesh send}, {@code get} and {@code files} between two hosts of the virtual LAN:
 * byte-identical transfers of a tree and of a file.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesIT {

  private VirtualLan lan;
  private Path sharedDir;
  private LanAgent sender;
  private LanAgent receiver;

  @BeforeAll
  void startPair() throws IOException {
    lan = VirtualLan.create(2);
    try {
      Path senderDir = lan.directory().resolve("h1");
      Path receiverDir = lan.directory().resolve("h2");
      String joinCode = LanAgent.newMesh(senderDir);
      LanAgent.join(receiverDir, joinCode);
      sharedDir = Files.createDirectories(lan.directory().resolve("srv/share"));
      Files.writeString(receiverDir.resolve("echomesh.toml"), "[files]\nshared = [\"" + sharedDir + "\"]\n"
          + "free-space-reserve = 0\n");
      sender = LanAgent.on(lan.host(1), senderDir, List.of()).start();
      receiver = LanAgent.on(lan.host(2), receiverDir, List.of()).start();
      MeshIT.awaitState(sender, receiver, PeerState.ALIVE);
    } catch (RuntimeException | Error | IOException e) {
      System.err.println(lan.describe());
      lan.close();
      throw e;
    }
  }

  @AfterAll
  void stopPair() {
    if (lan != null) {
      lan.close();
    }
  }

  @Test
  void send_treeAndGet_byteIdentical() throws Exception {
    Path tree = lan.directory().resolve("out/tree");
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      write(tree.resolve("d" + (i % 4) + "/f" + i), random.nextInt(30_000), i);
    }
    write(sharedDir.resolve("fetch.bin"), 5 * 1024 * 1024, 99);

    Cli.Result send = Cli.run(lan.directory(), "send", "h2", tree.toString(), "--json", "--data-dir",
        sender.dataDir().toString());
    Cli.Result get = Cli.run(lan.directory(), "get", "h2", "share/fetch.bin",
        lan.directory().resolve("fetched.bin").toString(), "--data-dir", sender.dataDir().toString());
    Cli.Result files = Cli.run(lan.directory(), "files", "h2", "--data-dir", sender.dataDir().toString());

    assertEquals(0, send.exitCode(), send.toString());
    assertEquals(50, send.stdout().lines().count(), send.toString());
    try (Stream<Path> sent = Files.walk(tree)) {
      for (Path file : sent.filter(Files::isRegularFile).toList()) {
        assertEquals(sha256(file), sha256(receiver.dataDir().resolve("inbox/tree").resolve(tree.relativize(file))));
      }
    }
    assertEquals(0, get.exitCode(), get.toString());
    assertEquals(sha256(sharedDir.resolve("fetch.bin")), sha256(lan.directory().resolve("fetched.bin")));
    assertEquals(0, files.exitCode(), files.toString());
    assertTrue(files.stdout().contains("share/fetch.bin"), files.toString());
  }

  private static Path write(Path file, int size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, Math.min(left, block.length));
      }
    }
    return file;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
