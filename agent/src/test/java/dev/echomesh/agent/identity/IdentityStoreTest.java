package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.IdentityException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {

  @TempDir Path temp;

  private IdentityStore store(String name) {
    return new IdentityStore(DataDirectory.of(temp.resolve(name)));
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void init_freshDirectory_storesKeyAndReturnsItsJoinCode() {
    IdentityStore store = store("a");
    String code = store.init(false);
    assertEquals(code, store.joinCode());
    assertEquals(MeshKey.fromJoinCode(code).meshId(), store.meshId().orElseThrow());
  }

  @Test
  void init_keyExists_refusedAndKeyKept() {
    IdentityStore store = store("a");
    String code = store.init(false);
    IdentityException e = assertThrows(IdentityException.class, () -> store.init(false));
    assertEquals(Reason.MESH_KEY_EXISTS, e.reason());
    assertTrue(e.getMessage().contains("echomesh init --force"), e.getMessage());
    assertFalse(e.getMessage().contains(code.substring(4, 20)), "message leaks the key");
    assertEquals(code, store.joinCode());
  }

  @Test
  void init_forced_replacesKeyKeepsNodeId() {
    IdentityStore store = store("a");
    String first = store.init(false);
    NodeId id = store.nodeId();
    String second = store.init(true);
    assertNotEquals(first, second);
    assertEquals(second, store.joinCode());
    assertEquals(id, store.nodeId());
  }

  @Test
  void join_codeFromInit_sameMeshSecretsAndCa() {
    IdentityStore a = store("a");
    IdentityStore b = store("b");
    b.join(a.init(false), false);
    LoadedIdentity la = a.load("a");
    LoadedIdentity lb = b.load("b");
    assertEquals(la.secrets().meshId(), lb.secrets().meshId());
    assertArrayEquals(la.secrets().pingKey(), lb.secrets().pingKey());
    assertEquals(la.credentials().trustAnchors(), lb.credentials().trustAnchors());
    assertNotEquals(la.nodeId(), lb.nodeId());
  }

  @Test
  void join_badCode_refusedNothingWritten() {
    IdentityStore store = store("a");
    String code = MeshKey.generate().joinCode();
    assertThrows(IllegalArgumentException.class, () -> store.join(code.substring(0, 40), false));
    assertFalse(store.hasMeshKey());
  }

  @Test
  void join_sameMeshAgain_noChange() {
    IdentityStore store = store("a");
    String code = store.init(false);
    assertEquals(MeshKey.fromJoinCode(code), store.join(code.toLowerCase(), false));
    assertEquals(code, store.joinCode());
  }

  @Test
  void join_differentMesh_refusedUnlessForced() {
    IdentityStore store = store("a");
    String ours = store.init(false);
    String theirs = MeshKey.generate().joinCode();
    IdentityException e = assertThrows(IdentityException.class, () -> store.join(theirs, false));
    assertEquals(Reason.DIFFERENT_MESH_KEY, e.reason());
    assertEquals(ours, store.joinCode());

    store.join(theirs, true);
    assertEquals(theirs, store.joinCode());
  }

  @Test
  void load_noMeshKey_clearError() {
    IdentityStore store = store("empty");
    IdentityException e = assertThrows(IdentityException.class, () -> store.load("a"));
    assertEquals(Reason.NO_MESH_KEY, e.reason());
    assertEquals(
        "no mesh key in " + temp.resolve("empty")
            + ": run `echomesh init` or `echomesh join CODE` first",
        e.getMessage());
  }

  @Test
  void load_twice_sameNodeIdAndCaBytes() throws Exception {
    IdentityStore store = store("a");
    store.init(false);
    LoadedIdentity first = store.load("a");
    LoadedIdentity second = new IdentityStore(store.directory()).load("a");
    assertEquals(first.nodeId(), second.nodeId());
    assertEquals(first.nodeId(), store.nodeId());
    assertArrayEquals(
        first.credentials().trustAnchors().get(0).getEncoded(),
        second.credentials().trustAnchors().get(0).getEncoded());
    assertEquals(first.credentials().privateKey(), second.credentials().privateKey());
  }

  @Test
  void load_nodeCertificate_signedByMeshCa() throws Exception {
    IdentityStore store = store("a");
    store.init(false);
    NodeCredentials credentials = store.load("a").credentials();
    credentials.certificate().verify(credentials.trustAnchors().get(0).getPublicKey());
  }

  @Test
  void files_ownerOnlyModes() throws Exception {
    IdentityStore store = store("nested/dir");
    store.init(false);
    store.nodeId();
    assertEquals("rwx------", mode(store.directory().path()));
    assertEquals("rw-------", mode(store.directory().meshKeyFile()));
    assertEquals("rw-------", mode(store.directory().nodeKeyFile()));
    try (var files = Files.list(store.directory().path())) {
      assertEquals(
          List.of("mesh.key", "node.key"),
          files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()),
          "no temporary files left behind");
    }
  }

  @Test
  void nodeKeyFile_isPkcs8Pem() throws Exception {
    IdentityStore store = store("a");
    store.nodeId();
    String pem = Files.readString(store.directory().nodeKeyFile());
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
  }

  @Test
  void load_keyFileOpenToOthers_refused() throws Exception {
    IdentityStore store = store("a");
    store.init(false);
    store.nodeId();
    Files.setPosixFilePermissions(
        store.directory().nodeKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));
    IdentityException e = assertThrows(IdentityException.class, () -> store.load("a"));
    assertEquals(Reason.INSECURE_PERMISSIONS, e.reason());
    assertEquals(store.directory().nodeKeyFile(), e.file());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void load_corruptNodeKey_refusedWithFileName() throws Exception {
    IdentityStore store = store("a");
    store.init(false);
    store.nodeId();
    Path key = store.directory().nodeKeyFile();
    String pem = Files.readString(key);
    Files.writeString(key, pem.substring(0, pem.length() / 2), StandardCharsets.US_ASCII);
    IdentityException e = assertThrows(IdentityException.class, () -> store.load("a"));
    assertEquals(Reason.CORRUPT_FILE, e.reason());
    assertTrue(e.getMessage().startsWith(key + " is not a usable node key"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void load_corruptMeshKey_refusedWithFileName() throws Exception {
    IdentityStore store = store("a");
    String code = store.init(false);
    Path file = store.directory().meshKeyFile();
    Files.writeString(file, code.substring(0, 30));
    IdentityException e = assertThrows(IdentityException.class, () -> store.load("a"));
    assertEquals(Reason.CORRUPT_FILE, e.reason());
    assertTrue(e.getMessage().contains("join code is truncated"), e.getMessage());
    assertFalse(e.getMessage().contains(code.substring(4, 20)), "message leaks the key");
  }

  @Test
  void nodeId_concurrentFirstUse_allAgree() throws Exception {
    DataDirectory dir = DataDirectory.of(temp.resolve("race"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<NodeId>> tasks =
          IntStream.range(0, 8)
              .mapToObj(i -> (Callable<NodeId>) () -> new IdentityStore(dir).nodeId())
              .collect(Collectors.toList());
      List<NodeId> ids = pool.invokeAll(tasks, 60, TimeUnit.SECONDS).stream()
          .map(IdentityStoreTest::get)
          .distinct()
          .collect(Collectors.toList());
      assertEquals(List.of(new IdentityStore(dir).nodeId()), ids);
    } finally {
      pool.shutdownNow();
    }
  }

  private static NodeId get(Future<NodeId> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
