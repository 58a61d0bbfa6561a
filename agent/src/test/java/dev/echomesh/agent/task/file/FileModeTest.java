package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileModeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0644, 0644", "0755, 0755", "0700, 0700", "0000, 0600", "0444, 0644", "0777, 0755", "0666, 0644",
      "04755, 0755", "02755, 0755", "01777, 0755", "07000, 0600", "0111, 0711", "0020, 0600", "0002, 0600"})
  void forReceivedFile_dropsSpecialBitsAndForeignWriteAndForcesOwnerReadWrite(String sent, String kept) {
    assertEquals(Integer.parseInt(kept, 8), FileMode.forReceivedFile(Integer.parseInt(sent, 8)));
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource({"0000, ---------", "0644, rw-r--r--", "0755, rwxr-xr-x", "0777, rwxrwxrwx", "0421, r---w---x",
      "0017, -----xrwx"})
  void toPermissions_andBack_matchTheUnixNotation(String mode, String text) {
    int bits = Integer.parseInt(mode, 8);
    assertEquals(PosixFilePermissions.fromString(text), FileMode.toPermissions(bits));
    assertEquals(bits, FileMode.fromPermissions(PosixFilePermissions.fromString(text)));
  }
}
