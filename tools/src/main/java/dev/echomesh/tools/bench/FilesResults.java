package dev.echomesh.tools.bench;

import java.util.Objects;

/**
 * Files between two hosts of the virtual LAN: echomesh against {@code scp} and a TLS stream.
 *
 * @param bigFileMiB the big file's size
 * @param smallFiles how many small files the tree holds
 * @param smallFileBytes each small file's size
 * @param echomeshBigMiBPerSecond the big file with {@code echomesh send} (through the launcher,
 *     spawn to exit)
 * @param scpBigMiBPerSecond the same file with {@code scp} (spawn to exit)
 * @param tlsFloorBigMiBPerSecond the same bytes over one JSSE TLS 1.3 socket, read from the file
 *     and written to a file (connected to acknowledged)
 * @param echomeshSmallFilesPerSecond the tree with {@code echomesh send}
 * @param scpSmallFilesPerSecond the tree with {@code scp -r}
 * @param rssIdleMiB the larger idle RSS of the two agents before the big transfer
 * @param rssAboveIdleMiB the larger of the two agents' peak RSS during the big transfer above
 *     its own idle RSS
 * @param rssAfterAboveIdleMiB the larger of the two agents' RSS above idle {@code rssAfterSeconds}
 *     after the big transfer ended
 * @param rssAfterSeconds when {@code rssAfterAboveIdleMiB} was read, seconds after the transfer
 * @param resumeResentMiB bytes sent twice when the receiver is killed (kill -9) half-way through the
 *     big file and the file is sent again: everything the sender read from the file in both attempts
 *     minus the file's size
 * @param resumeKilledAtMiB how much of the file the receiver's partial file held after the kill
 * @param transports how each contender moved the bytes, for people
 */
record FilesResults(
    double bigFileMiB,
    int smallFiles,
    int smallFileBytes,
    Measured<Double> echomeshBigMiBPerSecond,
    Measured<Double> scpBigMiBPerSecond,
    Measured<Double> tlsFloorBigMiBPerSecond,
    Measured<Double> echomeshSmallFilesPerSecond,
    Measured<Double> scpSmallFilesPerSecond,
    Measured<Double> rssIdleMiB,
    Measured<Double> rssAboveIdleMiB,
    Measured<Double> rssAfterAboveIdleMiB,
    Measured<Double> rssAfterSeconds,
    Measured<Double> resumeResentMiB,
    Measured<Double> resumeKilledAtMiB,
    String transports) {

  FilesResults {
    Objects.requireNonNull(echomeshBigMiBPerSecond, "echomeshBigMiBPerSecond");
    Objects.requireNonNull(scpBigMiBPerSecond, "scpBigMiBPerSecond");
    Objects.requireNonNull(tlsFloorBigMiBPerSecond, "tlsFloorBigMiBPerSecond");
    Objects.requireNonNull(echomeshSmallFilesPerSecond, "echomeshSmallFilesPerSecond");
    Objects.requireNonNull(scpSmallFilesPerSecond, "scpSmallFilesPerSecond");
    Objects.requireNonNull(rssIdleMiB, "rssIdleMiB");
    Objects.requireNonNull(rssAboveIdleMiB, "rssAboveIdleMiB");
    Objects.requireNonNull(rssAfterAboveIdleMiB, "rssAfterAboveIdleMiB");
    Objects.requireNonNull(rssAfterSeconds, "rssAfterSeconds");
    Objects.requireNonNull(resumeResentMiB, "resumeResentMiB");
    Objects.requireNonNull(resumeKilledAtMiB, "resumeKilledAtMiB");
    Objects.requireNonNull(transports, "transports");
  }

  /** Every figure missing for one reason. */
  static FilesResults skipped(String reason, FilesPlan plan) {
    Measured<Double> missing = Measured.missing(reason);
    return new FilesResults(plan.bigFileMiB(), plan.smallFiles(), plan.smallFileBytes(), missing, missing, missing,
        missing, missing, missing, missing, missing, missing, missing, missing, "");
  }

  /** echomesh's throughput on the big file over scp's. */
  Measured<Double> bigThroughputVsScp() {
    return Ratios.divide(echomeshBigMiBPerSecond, scpBigMiBPerSecond);
  }

  /** echomesh's throughput on the big file over the TLS stream's. */
  Measured<Double> bigThroughputVsTlsFloor() {
    return Ratios.divide(echomeshBigMiBPerSecond, tlsFloorBigMiBPerSecond);
  }

  /** echomesh's files per second on the tree over scp's. */
  Measured<Double> smallFilesVsScp() {
    return Ratios.divide(echomeshSmallFilesPerSecond, scpSmallFilesPerSecond);
  }
}
