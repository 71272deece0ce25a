package dev.lakeetl.io.compress;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.spark.rdd.InputFileBlockHolder;

/**
 * Decompressing stream that names the file it reads when decompression fails.
 *
 * <p>A truncated or corrupt compressed file fails deep inside a Spark task with a bare "Unexpected
 * end of input stream"; the task knows which file it is reading (Spark records it for {@code
 * input_file_name()}), so the failure is rethrown as an {@link UnreadableSourceFileException}
 * naming that file.
 */
final class FileNamingInputStream extends CompressionInputStream {
  private final InputStream delegate;

  FileNamingInputStream(CompressionInputStream delegate) throws IOException {
    super(delegate);
    this.delegate = delegate;
  }

  @Override
  public int read() throws IOException {
    return naming(delegate::read);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    return naming(() -> delegate.read(buffer, offset, length));
  }

  @Override
  public void resetState() throws IOException {
    ((CompressionInputStream) delegate).resetState();
  }

  @Override
  public long getPos() throws IOException {
    return ((CompressionInputStream) delegate).getPos();
  }

  /** One read from a decompressing stream. */
  @FunctionalInterface
  interface Read {
    int read() throws IOException;
  }

  /** Runs {@code read}, rethrowing its failure named as {@link #named} does. */
  static int naming(Read read) throws IOException {
    try {
      return read.read();
    } catch (IOException | RuntimeException e) {
      throw named(e);
    }
  }

  /**
   * {@code failure} as an {@link UnreadableSourceFileException} naming the file the task reads, or
   * as it is (an {@link IOException}) when no file is known.
   */
  static IOException named(Exception failure) {
    if (failure instanceof UnreadableSourceFileException named) {
      return named;
    }
    String file = InputFileBlockHolder.getInputFilePath().toString();
    if (file.isEmpty()) {
      return failure instanceof IOException io
          ? io
          : new IOException(failure.getMessage(), failure);
    }
    return new UnreadableSourceFileException(UnreadableSourceFileException.decode(file), failure);
  }
}
