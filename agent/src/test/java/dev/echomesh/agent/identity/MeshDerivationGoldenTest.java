package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/**
 * Pins everything derived from a mesh key. Members running different echomesh versions must
 * derive the same values from the same key, or they silently stop trusting each other: if this
 * test fails, a change broke the protocol (an HKDF label, the join code format, a CA certificate
 * field or its encoding), not the test.
 *
 * <p>The join code, ping key and mesh ID were checked against an independent Python
 * implementation of HKDF-SHA256 (RFC 5869) and CRC-24 (RFC 4880).
 */
class MeshDerivationGoldenTest {

  private static final MeshKey KEY = MeshKey.fromBytes(Hex.decode(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

  @Test
  void joinCode_fixedKey_pinned() {
    assertEquals(
        "EM1-AAAQ-EAYE-AUDA-OCAJ-BIFQ-YDIO-B4IB-CEQT-CQKR-MFYY-DENB-WHA5-DYPR-SC2T",
        KEY.joinCode());
  }

  @Test
  void secrets_fixedKey_pinned() {
    assertEquals("4uejefxivcpaju3q", KEY.secrets().meshId());
    assertEquals(
        "1a82d4dcef271153c24f8e38df86bad3e29e900ffd2325635bb833c2d8896c8f",
        Hex.toHexString(KEY.secrets().pingKey()));
  }

  @Test
  void caCertificate_fixedKey_pinnedBytes() throws Exception {
    byte[] der = MeshCa.fromMeshKey(KEY).certificate().getEncoded();
    assertEquals(
        "cefb3ebe6d3dd663ec5f383a073efb838c8d213cb9b818ac4c42ac051e12a66c",
        Hex.toHexString(MessageDigest.getInstance("SHA-256").digest(der)));
  }
}
