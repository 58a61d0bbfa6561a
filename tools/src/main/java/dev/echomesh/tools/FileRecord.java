package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.TaskStatus;
import java.io.PrintStream;

/**
 * One file's outcome in {@code echomesh send} and {@code echomesh get}: a {@code --json} record
 * {@code {name, bytes, sha256, seconds, status, message}} (send adds {@code resumedFrom} and
 * {@code sentBytes}), or a line on stderr when it failed.
 *
 * @param resumedFrom send: where the bytes sent started (the receiver kept its partial file up
 *     to there); -1 for get, which leaves it out
 * @param sentBytes send: the file's bytes this run sent, also when it failed; -1 for get
 */
record FileRecord(String name, long bytes, String sha256, double seconds, TaskStatus status, String message,
    long resumedFrom, long sentBytes) {

  /** A record of get (no resume figures). */
  FileRecord(String name, long bytes, String sha256, double seconds, TaskStatus status, String message) {
    this(name, bytes, sha256, seconds, status, message, -1, -1);
  }

  void print(PrintStream out, PrintStream err, boolean json) {
    if (json) {
      ObjectNode record = Json.object();
      record.put("name", name);
      record.put("bytes", bytes);
      if (sha256 == null) {
        record.putNull("sha256");
      } else {
        record.put("sha256", sha256);
      }
      record.put("seconds", Math.round(seconds * 1000) / 1000.0);
      record.put("status", status.name());
      if (resumedFrom >= 0) {
        record.put("resumedFrom", resumedFrom);
        record.put("sentBytes", sentBytes);
      }
      if (!message.isEmpty()) {
        record.put("message", message);
      }
      Json.print(out, record);
    } else if (status != TaskStatus.OK) {
      err.println(name + ": " + Calls.statusLine(status, message));
    }
  }
}
