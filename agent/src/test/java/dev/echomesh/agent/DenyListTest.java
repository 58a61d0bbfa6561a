package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenyListTest {

  private static final TestMesh MESH = TestMeshes.newMesh();
  private static final NodeId A = MESH.newNode("a").nodeId();
  private static final NodeId B = MESH.newNode("b").nodeId();

  @TempDir Path dir;

  @Test
  void deny_thenLoadAgain_stillDenied() throws IOException {
    DenyList list = DenyList.load(dir, Set.of());
    assertTrue(list.deny(A));
    assertFalse(list.deny(A), "already denied");
    assertEquals(Set.of(A), DenyList.load(dir, Set.of()).all());
  }

  @Test
  void deny_writesAnOwnerOnlyFile() throws IOException {
    DenyList.load(dir, Set.of()).deny(A);
    Path file = dir.resolve(DenyList.FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).contains(A.toString()));
  }

  @Test
  void allow_liveDenial_liftedAndKeptLifted() throws IOException {
    DenyList list = DenyList.load(dir, Set.of());
    list.deny(A);
    list.deny(B);
    assertTrue(list.allow(A));
    assertFalse(list.allow(A), "not denied any more");
    assertEquals(Set.of(B), DenyList.load(dir, Set.of()).all());
  }

  @Test
  void allow_deniedByTheConfigFile_refusedSayingWhereToChangeIt() throws IOException {
    DenyList list = DenyList.load(dir, Set.of(A));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> list.allow(A));
    assertTrue(e.getMessage().contains("config file"), e.getMessage());
    assertTrue(list.contains(A));
  }

  @Test
  void replaceConfigured_keepsLiveDenials() throws IOException {
    DenyList list = DenyList.load(dir, Set.of(A));
    list.deny(B);
    list.replaceConfigured(Set.of());
    assertEquals(Set.of(B), list.all());
  }

  @Test
  void load_lineThatIsNotANodeId_refusedNamingTheLine() throws IOException {
    Files.writeString(dir.resolve(DenyList.FILE_NAME), "# comment\n\nnot-a-node\n");
    IOException e = assertThrows(IOException.class, () -> DenyList.load(dir, Set.of()));
    assertTrue(e.getMessage().contains(DenyList.FILE_NAME + ":3:"), e.getMessage());
  }

  @Test
  void load_withoutDataDirectory_keepsDenialsInMemory() throws IOException {
    DenyList list = DenyList.load(null, Set.of());
    assertTrue(list.deny(A));
    assertTrue(list.contains(A));
  }
}
