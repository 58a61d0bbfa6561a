package dev.echomesh.agent.task.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.InvalidNameException;
import dev.echomesh.agent.task.file.RelativeName;
import dev.echomesh.agent.task.file.RunningSha256;
import dev.echomesh.agent.task.file.Sha256;
import dev.echomesh.agent.task.file.SharedDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutPayloadTest {

  private static final RelativeName NAME = name("f.bin");

  @TempDir Path temp;

  private static RelativeName name(String name) {
    try {
      return RelativeName.parse(name);
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private byte[] write(int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Files.write(temp.resolve("f.bin"), data);
    return data;
  }

  private static PutHeader header(long size, long offset) {
    return new PutHeader(NAME, size, 0644, Optional.empty(), false, false, offset);
  }

  @Test
  void read_wholeFile_isHeaderBytesThenTrailerWithTheFilesSha256() throws IOException {
    byte[] data = write(300_000);
    AtomicLong progressed = new AtomicLong();
    try (SharedDirectory directory = SharedDirectory.open(temp); FileSource source = directory.openFile(NAME)) {
      PutPayload payload = new PutPayload(header(data.length, 0), source, source.runningSha256(0),
          progressed::addAndGet);

      InputStream in = new ByteArrayInputStream(payload.readAllBytes());

      assertEquals(header(data.length, 0), PutHeader.parse(HeaderLine.read(in)));
      assertArrayEquals(data, in.readNBytes(data.length));
      assertEquals(Sha256.digest(data).hex(), HeaderLine.read(in).get("sha256").asText());
      assertEquals(-1, in.read());
      assertEquals(Sha256.digest(data), payload.sha256().orElseThrow());
      assertEquals(data.length, progressed.get());
    }
  }

  @Test
  void read_fromAnOffset_sendsTheRest_andTheTrailerCoversTheWholeFile() throws IOException {
    byte[] data = write(100_000);
    int offset = 40_000;
    try (SharedDirectory directory = SharedDirectory.open(temp); FileSource source = directory.openFile(NAME)) {
      RunningSha256 prefix = source.runningSha256(offset);
      source.position(offset);
      PutPayload payload = new PutPayload(header(data.length, offset), source, prefix, bytes -> { });

      InputStream in = new ByteArrayInputStream(payload.readAllBytes());

      HeaderLine.read(in);
      assertArrayEquals(Arrays.copyOfRange(data, offset, data.length), in.readNBytes(data.length - offset));
      assertEquals(Sha256.digest(data).hex(), HeaderLine.read(in).get("sha256").asText());
    }
  }

  @Test
  void read_fileShrankWhileSent_failsInsteadOfSendingATrailer() throws IOException {
    byte[] data = write(50_000);
    try (SharedDirectory directory = SharedDirectory.open(temp); FileSource source = directory.openFile(NAME)) {
      try (FileChannel file = FileChannel.open(temp.resolve("f.bin"), StandardOpenOption.WRITE)) {
        file.truncate(data.length / 2);
      }
      PutPayload payload = new PutPayload(header(data.length, 0), source, source.runningSha256(0), bytes -> { });

      IOException e = assertThrows(IOException.class, payload::readAllBytes);
      assertTrue(e.getMessage().contains("shrank"), e.getMessage());
      assertTrue(payload.sha256().isEmpty());
    }
  }

  @Test
  void new_headerWithSha256_isRefused() throws IOException {
    byte[] data = write(10);
    try (SharedDirectory directory = SharedDirectory.open(temp); FileSource source = directory.openFile(NAME)) {
      PutHeader withSha = new PutHeader(NAME, data.length, 0644, Optional.of(Sha256.digest(data)), false, false, 0);

      assertThrows(IllegalArgumentException.class,
          () -> new PutPayload(withSha, source, source.runningSha256(0), bytes -> { }));
    }
  }

  @Test
  void runningSha256_ofAPrefix_isThatPrefixsDigest() throws IOException {
    byte[] data = write(70_000);
    try (SharedDirectory directory = SharedDirectory.open(temp); FileSource source = directory.openFile(NAME)) {
      assertEquals(Sha256.digest(Arrays.copyOf(data, 12_345)), source.runningSha256(12_345).finish());
      assertEquals(Sha256.digest("".getBytes(UTF_8)), source.runningSha256(0).finish());
      assertEquals(0, source.position());
    }
  }
}
