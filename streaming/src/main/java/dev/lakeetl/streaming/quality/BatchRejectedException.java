package dev.lakeetl.streaming.quality;

/**
 * A micro-batch broke a {@code fail} quality rule: nothing of it was published, and the stream
 * stops so that the batch is not skipped. A restart retries the same batch.
 */
public final class BatchRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BatchRejectedException(long batchId, String error) {
    super(
        "Cannot publish batch "
            + batchId
            + ": "
            + error
            + ". The stream stops here; a restart retries this batch (fix the data or change the"
            + " rule first)");
  }
}
