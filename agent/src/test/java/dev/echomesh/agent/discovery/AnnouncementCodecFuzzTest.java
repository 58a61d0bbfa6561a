package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.fuzz.DecoderContract;
import dev.echomesh.agent.fuzz.DecoderFuzzTest;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the TXT record of an mDNS announcement: {@link TxtCodec}'s length-prefixed strings, then
 * {@link AnnouncementCodec}'s keys and values (node ID text, mesh ID, MAC, ports, name).
 *
 * <p>Input: the TXT record data as jmdns hands it over. A record is turned into an announcement
 * or refused with {@link AnnouncementRejectedException}; an accepted announcement, announced
 * again by {@link AnnouncementCodec#encode}, decodes to itself.
 */
class AnnouncementCodecFuzzTest {

  private static final int LINK_PORT = 7007;
  private static final List<InetAddress> ADDRESSES = List.of(Nics.ip("198.18.0.7"));
  private static final String INTERFACE = "eth0";

  @DecoderFuzzTest
  void decode_fuzzedTxtRecord_keepsContract(byte[] input) throws Exception {
    Optional<Announcement> decoded = DecoderContract.decode(input,
        AnnouncementRejectedException.class,
        txt -> AnnouncementCodec.decode(txt, LINK_PORT, ADDRESSES, INTERFACE));
    if (decoded.isPresent()) {
      Announcement a = decoded.get();
      byte[] again = AnnouncementCodec.encode(
          new LocalNode(a.nodeId(), a.name(), a.meshId(), a.linkPort(), a.udpPort()), a.mac());
      assertEquals(a, AnnouncementCodec.decode(again, LINK_PORT, ADDRESSES, INTERFACE),
          "an accepted announcement, announced again");
    }
  }
}
