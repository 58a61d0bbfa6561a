package dev.echomesh.agent.task.transfer;

/** What one file task call moved, for its {@link TransferListener} report; one task thread only. */
final class TransferTally {

  private long bytes;
  private boolean query;

  /** {@code n} more bytes of the file moved. */
  void moved(long n) {
    bytes += n;
  }

  long bytes() {
    return bytes;
  }

  /** The call was a resume query, not a transfer. */
  void query(boolean query) {
    this.query = query;
  }

  boolean query() {
    return query;
  }
}
