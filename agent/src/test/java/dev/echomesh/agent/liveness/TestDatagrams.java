package dev.echomesh.agent.liveness;

import com.google.protobuf.ByteString;
import dev.echomesh.proto.Beacon;
import dev.echomesh.proto.Datagram;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made datagrams, independent of {@link DatagramCodec}: what a forger or a buggy peer sends.
 */
final class TestDatagrams {

  private TestDatagrams() {}

  /** {@code beacon} authenticated under {@code key}, exactly as the protocol says. */
  static byte[] signed(Beacon beacon, byte[] key) {
    ByteString body = beacon.toByteString();
    return Datagram.newBuilder()
        .setBody(body)
        .setMac(ByteString.copyFrom(hmac(body.toByteArray(), key)))
        .build()
        .toByteArray();
  }

  static byte[] hmac(byte[] body, byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
