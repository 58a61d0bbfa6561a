package dev.echomesh.agent.task.file;

import java.util.Objects;

/**
 * What a sender announces before the bytes: enough to refuse early and to find a partial file to
 * resume. The content's SHA-256 comes with {@link IncomingFile#commit}, so a sender can hash while
 * it streams instead of reading the file twice.
 *
 * @param name where the file goes below the inbox
 * @param sizeBytes its exact size, at least 0
 * @param mode the sender's permission bits (0 to 07777); see {@link FileMode#forReceivedFile}
 * @param senderId who sends it (a node ID); part of the partial file's name, so two senders
 *     never write the same partial file
 * @param overwrite whether an existing file of that name may be replaced
 */
public record FileOffer(RelativeName name, long sizeBytes, int mode, String senderId, boolean overwrite) {

  public FileOffer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(senderId, "senderId");
    if (senderId.isEmpty()) {
      throw new IllegalArgumentException("senderId must not be empty");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
    }
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode must be in [0, 07777], got " + Integer.toOctalString(mode));
    }
  }
}
