package dev.lakeetl.io.compress;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.CompressionInputStream;

/**
 * Decompresses a Zstandard stream through zstd-jni. {@link ZstdCodec} wraps it in a {@link
 * FileNamingInputStream}, as the other codecs wrap theirs, so read failures name the file.
 */
final class ZstdCompressionInputStream extends CompressionInputStream {
  private final ZstdInputStream zstd;

  ZstdCompressionInputStream(InputStream in) throws IOException {
    // The raw stream stays the parent's "in" so getPos() reports compressed bytes consumed.
    super(in);
    this.zstd = new ZstdInputStream(in);
  }

  @Override
  public int read() throws IOException {
    return zstd.read();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    return zstd.read(buffer, offset, length);
  }

  @Override
  public void resetState() throws IOException {
    throw new UnsupportedOperationException("Cannot reset a Zstandard stream");
  }

  @Override
  public void close() throws IOException {
    try {
      zstd.close();
    } finally {
      super.close();
    }
  }
}
