package dev.echomesh.tools.bench;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC marshaller of raw bytes. Its stream is {@link KnownLength} and {@link Drainable} like
 * the protobuf marshaller's, so gRPC sizes and copies messages the way it does for generated
 * stubs: the baseline does no more and no less work than a real gRPC service.
 */
final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

  static final BytesMarshaller INSTANCE = new BytesMarshaller();

  private BytesMarshaller() {}

  @Override
  public InputStream stream(byte[] value) {
    return new BytesStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try (stream) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a gRPC message", e);
    }
  }

  private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {
    BytesStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int remaining = count - pos;
      target.write(buf, pos, remaining);
      pos = count;
      return remaining;
    }
  }
}
