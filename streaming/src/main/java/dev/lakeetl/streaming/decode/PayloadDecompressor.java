package dev.lakeetl.streaming.decode;

import java.io.IOException;
import java.io.Serializable;

/**
 * Undoes per-record compression. A payload with a codec's magic bytes that does not decompress is
 * an error for the quarantine, except for deflate: its 2-byte header also occurs in plain text, so
 * such a payload is passed on as it is.
 */
public final class PayloadDecompressor implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The outcome for one payload.
   *
   * @param bytes the decompressed (or unchanged) payload; null when decompression failed
   * @param compression the codec found
   * @param error why decompression failed; null when it did not
   */
  public record Result(byte[] bytes, PayloadCompression compression, String error) {}

  /** Decompresses {@code payload}; a null payload yields a null result with an error. */
  public Result decompress(byte[] payload) {
    if (payload == null) {
      return new Result(null, PayloadCompression.NONE, "record has no payload (null value)");
    }
    PayloadCompression compression = PayloadCompression.detect(payload);
    if (compression == PayloadCompression.NONE) {
      return new Result(payload, compression, null);
    }
    try {
      return new Result(compression.decompress(payload), compression, null);
    } catch (IOException | RuntimeException e) {
      if (compression == PayloadCompression.DEFLATE) {
        return new Result(payload, PayloadCompression.NONE, null);
      }
      return new Result(
          null,
          compression,
          "cannot decompress " + compression.configName() + " payload: " + message(e));
    }
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
