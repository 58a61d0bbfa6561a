/**
 * Files on disk for the file tasks ({@code file.put}, {@code file.get}, {@code file.list}):
 * names, safe directory access, verified and resumable receiving, chunked reading for sending,
 * and listings. Independent of links and the task SPI: a streaming handler feeds an {@link
 * dev.echomesh.agent.task.file.IncomingFile} the {@link java.nio.ByteBuffer}s of arriving chunks
 * and reads the chunks it sends from a {@link dev.echomesh.agent.task.file.FileSource} into its own
 * buffers, so no file is ever held whole.
 *
 * <h2>Names</h2>
 * {@link dev.echomesh.agent.task.file.RelativeName#parse} is the only way in: relative paths with
 * '/' separators; absolute paths, "." and "..", empty segments, control characters, backslashes
 * and over-long names are refused with an {@link dev.echomesh.agent.task.file.InvalidNameException}
 * carrying the reason.
 *
 * <h2>Directories</h2>
 * {@link dev.echomesh.agent.task.file.SharedDirectory} (served directories) and {@link
 * dev.echomesh.agent.task.file.Inbox} (received files) resolve names one component at a time,
 * each opened relative to its open parent with O_NOFOLLOW ({@link
 * java.nio.file.SecureDirectoryStream}, Linux's openat). Symbolic links are refused in every
 * component, wherever they point: the simplest rule that a swap between check and use cannot
 * defeat. Devices, FIFOs and sockets are refused. Nothing is written outside the root; the one
 * residual race (a missing directory is created by path, as Java has no mkdirat) is described on
 * {@code SecureTree}. Directories the inbox creates get 0755 under the umask; received files keep
 * the sender's permission bits except setuid, setgid, sticky and group/world write, and always
 * have owner read and write ({@link dev.echomesh.agent.task.file.FileMode#forReceivedFile}).
 *
 * <h2>Receiving</h2>
 * Data goes to a partial file {@code .NAME.KEY.part} beside the final name (KEY: 16 hex digits of
 * SHA-256 of the sender's ID and the declared size, so two senders of one name never share one),
 * written with {@link java.nio.channels.FileChannel}, locked per transfer. The commit checks the
 * SHA-256 of the whole file and renames it atomically to the final name (an existing file is
 * replaced only when the offer asks, and only a regular file); an inbox opened with fsync (the
 * agent's {@code files.fsync}, off by default) also calls {@code force} on the file before the
 * rename and fsyncs the directory after it. A crash or kill never leaves a partial file under a
 * final name either way; without fsync a power loss shortly after receipt may lose a file just
 * received. A maximum size ({@link dev.echomesh.agent.task.file.ReceiveLimits}, 1 TiB
 * by default) is checked on the offer, and a free-space guard (usable bytes of the file store minus
 * a reserve, 256 MiB by default) before the first byte and every 16 MiB while writing. A full disk
 * (ENOSPC, EDQUOT) is a {@link dev.echomesh.agent.task.file.DiskFullException}; the final name
 * never holds a partial file, and the partial file stays for a resume.
 *
 * <h2>Resume</h2>
 * A sender that offers the same name and size again finds its partial file: the {@link
 * dev.echomesh.agent.task.file.ResumePoint} gives its length, the SHA-256 of that prefix and of its
 * last window (8 MiB by default). The sender checks either against its own bytes ({@link
 * dev.echomesh.agent.task.file.FileSource#sha256(long, long)}) and continues at that length, or
 * starts over at 0 when they differ; the whole-file SHA-256 at commit guards both choices.
 *
 * <h2>Sending and listing</h2>
 * {@link dev.echomesh.agent.task.file.SharedDirectory#walk} gives the regular files below a
 * directory with size and mode in a stable depth-first order, bounded, with links, special files,
 * bad names and partial files skipped and reported with a reason; {@link
 * dev.echomesh.agent.task.file.SharedDirectory#list} adds modification times and, on request,
 * SHA-256s.
 *
 * <p>Every {@link dev.echomesh.agent.task.file.FileTransferException} subclass names one refusal
 * and carries its data, for the task layer to map to a call status in one place.
 */
package dev.echomesh.agent.task.file;
