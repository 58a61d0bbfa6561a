package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void print_columnsAlignedTwoSpacesApartNoTrailingBlanks() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TextTable("A", "LONG HEADER", "C")
        .row("wide cell", "x", "")
        .row("b", "y", "last")
        .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(
        "A          LONG HEADER  C\n" + "wide cell  x\n" + "b          y            last\n",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void row_wrongNumberOfCells_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new TextTable("A", "B").row("only one"));
  }
}
