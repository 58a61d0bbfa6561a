package dev.echomesh.agent.task.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads /proc to tell whether a process still runs (a zombie does not: it is dead, unreaped). */
final class LiveProcesses {

  private LiveProcesses() {}

  /** Whether {@code pid} exists, is not a zombie and runs a program whose command line contains {@code what}. */
  static boolean running(long pid, String what) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') {
        return false;
      }
      String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains(what);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + proc, e);
    }
  }

  /** The process group of {@code pid}, from /proc; -1 when it is gone. */
  static long processGroup(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[2]);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  /** The pid written to {@code file}, once the file holds a whole line. */
  static long readPid(Path file) throws IOException {
    return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
  }
}
