package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void missingLibrary_benchLibrariesOnTheClasspath_isEmpty() {
    assertEquals(Optional.empty(), BenchCommand.missingLibrary(BenchCommand.class.getClassLoader()));
  }

  @Test
  void missingLibrary_loaderWithoutThem_namesTheFirstMissingClass() throws Exception {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      assertEquals(Optional.of("io.grpc.Server"), BenchCommand.missingLibrary(bare));
    }
  }
}
