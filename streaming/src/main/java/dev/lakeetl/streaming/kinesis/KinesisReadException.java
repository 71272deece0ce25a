package dev.lakeetl.streaming.kinesis;

/** A Kinesis read that cannot go on; the message names the stream, shard and what to do. */
public final class KinesisReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KinesisReadException(String message) {
    super(message);
  }

  KinesisReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
