package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.CaTool;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.LoadedIdentity;
import dev.echomesh.agent.identity.TrustMode;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CA mode on real TLS links over loopback: nodes issued by one site CA (loaded from their data
 * directories as the agent loads them) link and call each other; a node of another site CA, and a
 * mesh-key node holding the very same mesh key, are refused at the handshake in both directions.
 */
class CaModeLinkTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path temp;
  private final LinkFixture fixture = new LinkFixture();
  private final CaTool tool = new CaTool(Clock.systemUTC());
  private Path siteCa;

  @BeforeEach
  void makeSiteCa() {
    siteCa = temp.resolve("site-ca");
    tool.initCa(siteCa, "Site CA", Duration.ofDays(1));
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private LoadedIdentity issued(Path ca, String name) {
    Path dir = temp.resolve(name);
    tool.issue(ca, name, dir, Duration.ofDays(1));
    IdentityStore store = new IdentityStore(DataDirectory.of(dir));
    assertEquals(TrustMode.CA, store.trustMode());
    return store.load(name);
  }

  private LinkLayer start(LoadedIdentity identity, String name) {
    return fixture.start(identity.credentials(), LinkFixture.config(name));
  }

  private static String echo(LinkLayer from, LinkLayer to, String text) {
    TaskResult result =
        from.call(to.self(), "echo", text.getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT).join();
    assertEquals(TaskStatus.OK, result.status(), result.toString());
    return result.payloadAsString();
  }

  private static void assertRefusedAtHandshake(LinkLayer dialer, LinkLayer listener) {
    long refusedBefore = listener.stats().handshakesRefused();
    assertThrows(CompletionException.class, () -> dialer.connect(listener.localAddress()).join());
    await().atMost(LinkFixture.WAIT).until(() -> listener.stats().handshakesRefused() > refusedBefore);
    assertTrue(dialer.linkedPeers().isEmpty(), dialer.linkedPeers().toString());
  }

  @Test
  void nodesOfOneSiteCa_linkAndCallEachOther() {
    LinkLayer kitchen = start(issued(siteCa, "kitchen"), "kitchen");
    LinkLayer pantry = start(issued(siteCa, "pantry"), "pantry");

    assertEquals(kitchen.self(), pantry.connect(kitchen.localAddress()).join());
    assertEquals("from pantry", echo(pantry, kitchen, "from pantry"));
    assertEquals("from kitchen", echo(kitchen, pantry, "from kitchen"));
  }

  @Test
  void nodeOfAnotherSiteCa_refusedAtTheHandshakeBothWays() {
    LinkLayer kitchen = start(issued(siteCa, "kitchen"), "kitchen");
    Path otherCa = temp.resolve("other-ca");
    tool.initCa(otherCa, "Other CA", Duration.ofDays(1));
    LinkLayer stranger = start(issued(otherCa, "stranger"), "stranger");

    assertRefusedAtHandshake(stranger, kitchen);
    assertRefusedAtHandshake(kitchen, stranger);
  }

  @Test
  void meshKeyNodeWithTheSameMeshKey_cannotLinkEitherWay() throws Exception {
    LoadedIdentity kitchenIdentity = issued(siteCa, "kitchen");
    LinkLayer kitchen = start(kitchenIdentity, "kitchen");
    IdentityStore meshKeyNode = new IdentityStore(DataDirectory.of(temp.resolve("mesh-key-node")));
    String siteMeshKey = Files.readString(siteCa.resolve("mesh.key")).strip();
    meshKeyNode.join(siteMeshKey, false);
    assertEquals(TrustMode.MESH_KEY, meshKeyNode.trustMode());
    LoadedIdentity outsiderIdentity = meshKeyNode.load("outsider");
    assertEquals(kitchenIdentity.secrets().meshId(), outsiderIdentity.secrets().meshId());
    LinkLayer outsider = start(outsiderIdentity, "outsider");

    assertRefusedAtHandshake(outsider, kitchen);
    assertRefusedAtHandshake(kitchen, outsider);
  }
}
