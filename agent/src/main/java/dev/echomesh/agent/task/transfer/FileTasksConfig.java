package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.Setting.Kind;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.file.ReceiveLimits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the file tasks; immutable, checked when made.
 *
 * @param inbox where {@code file.put} and {@code file.put-batch} write; empty: receiving is off (every put
 *     is DENIED)
 * @param shares the directories {@code file.get} and {@code file.list} serve, by share name (the
 *     last component of each directory's path); empty: nothing is served
 * @param limits maximum file size and free-space reserve of the inbox
 * @param fsync whether a received file and its directory are flushed to disk around its rename
 *     ({@link #FSYNC}); default false
 */
public record FileTasksConfig(Optional<Path> inbox, Map<String, Path> shares, ReceiveLimits limits, boolean fsync) {

  public static final Setting<Path> INBOX = Setting.of("files.inbox", Kind.PATH, null, "<data-dir>/inbox",
      "a directory (relative paths are relative to the config file's directory)",
      "Where files sent to this node with file.put (`echomesh send`) are written; made owner-only (0700) when"
          + " missing. Overridden by the agent's --inbox flag. An embedded agent without a data directory"
          + " receives nothing unless this is set.");
  public static final Setting<Boolean> RECEIVE = Setting.flag("files.receive", true,
      "Whether this node accepts files (file.put, file.put-batch); false refuses every put with DENIED.");
  public static final Setting<List<String>> SHARED = Setting.of("files.shared", Kind.STRING_LIST, List.of(), "[]",
      "absolute paths of directories, each with a distinct last component",
      "Directories served to members by file.get and file.list (`echomesh get`, `echomesh files`), read-only."
          + " Each is named by its last path component: with [\"/srv/share\"], members ask for `share/a.txt`."
          + " None by default: nothing is served.");
  public static final Setting<Long> MAX_FILE_SIZE = Setting.size("files.max-file-size",
      ReceiveLimits.DEFAULT_MAX_FILE_BYTES, 0, 1L << 62,
      "Largest file accepted by file.put and file.put-batch, by its declared size; larger offers are refused"
          + " (INVALID).");
  public static final Setting<Long> FREE_SPACE_RESERVE = Setting.size("files.free-space-reserve",
      ReceiveLimits.DEFAULT_RESERVE_BYTES, 0, 1L << 62,
      "Bytes kept free on the inbox's file system: a file is accepted only when it fits above this reserve,"
          + " and receiving stops (FAILED, disk full) when it no longer does.");

  public static final Setting<Boolean> FSYNC = Setting.flag("files.fsync", false,
      "Whether each received file is flushed to disk (fsync) before it takes its name, and its directory"
          + " after. Either way a file takes its final name only after its SHA-256 matched, and a crash or kill"
          + " of either agent never leaves a partial file under its final name. false: a power loss shortly"
          + " after receipt may lose a just-received file, as with scp and rsync; many small files go several"
          + " times faster (an fsync costs about a millisecond on common disks). true: a file whose transfer"
          + " ended OK survives a power loss.");

  /** The file settings, in the order of the reference page. */
  public static final List<Setting<?>> SETTINGS =
      List.of(INBOX, RECEIVE, SHARED, MAX_FILE_SIZE, FREE_SPACE_RESERVE, FSYNC);

  public FileTasksConfig {
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(limits, "limits");
    shares = Map.copyOf(shares);
  }

  /** As the canonical constructor, with {@link #FSYNC} at its default. */
  public FileTasksConfig(Optional<Path> inbox, Map<String, Path> shares, ReceiveLimits limits) {
    this(inbox, shares, limits, FSYNC.defaultValue());
  }

  /** Receiving off, nothing shared, default limits. */
  public static FileTasksConfig disabled() {
    return new FileTasksConfig(Optional.empty(), Map.of(), ReceiveLimits.defaults());
  }

  /**
   * The shares of {@code directories} by name.
   *
   * @throws SettingException for a relative path, one without a name, or two with one name
   */
  public static Map<String, Path> shares(List<String> directories) {
    Map<String, Path> shares = new LinkedHashMap<>();
    for (String text : directories) {
      Path path = Path.of(text).normalize();
      if (!path.isAbsolute() || path.getFileName() == null) {
        throw new SettingException(SHARED.key(), SHARED.key() + ": \"" + text
            + "\" must be the absolute path of a directory other than /");
      }
      String name = path.getFileName().toString();
      Path taken = shares.putIfAbsent(name, path);
      if (taken != null) {
        throw new SettingException(SHARED.key(), SHARED.key() + ": \"" + taken + "\" and \"" + path
            + "\" would both be shared as '" + name + "'; share directories with distinct last components");
      }
    }
    return shares;
  }
}
