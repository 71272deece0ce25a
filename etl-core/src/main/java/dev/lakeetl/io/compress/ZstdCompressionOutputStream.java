package dev.lakeetl.io.compress;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;

/** Compresses to a Zstandard stream through zstd-jni. */
final class ZstdCompressionOutputStream extends CompressionOutputStream {
  private final ZstdOutputStream zstd;
  private boolean finished;

  ZstdCompressionOutputStream(OutputStream out) throws IOException {
    super(out);
    // finish() must end the frame without closing the caller's stream; zstd-jni only ends a frame
    // on close, so it writes through a wrapper whose close() merely flushes.
    this.zstd =
        new ZstdOutputStream(
            new FilterOutputStream(out) {
              @Override
              public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
              }

              @Override
              public void close() throws IOException {
                flush();
              }
            });
  }

  @Override
  public void write(int value) throws IOException {
    zstd.write(value);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    zstd.write(buffer, offset, length);
  }

  @Override
  public void finish() throws IOException {
    if (!finished) {
      zstd.close();
      finished = true;
    }
  }

  @Override
  public void resetState() throws IOException {
    throw new UnsupportedOperationException("Cannot reset a Zstandard stream");
  }
}
