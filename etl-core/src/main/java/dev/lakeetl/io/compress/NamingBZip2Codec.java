package dev.lakeetl.io.compress;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;

/**
 * Hadoop's bzip2 codec whose read failures name the file being read. Still splittable: split
 * streams are wrapped without changing their positions. The one-argument {@code createInputStream}
 * is not overridden: Hadoop's takes a pooled decompressor and calls the two-argument form.
 */
public class NamingBZip2Codec extends BZip2Codec {
  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor)
      throws IOException {
    return new FileNamingInputStream(super.createInputStream(in, decompressor));
  }

  @Override
  public SplitCompressionInputStream createInputStream(
      InputStream in, Decompressor decompressor, long start, long end, READ_MODE readMode)
      throws IOException {
    try {
      return new NamingSplitStream(super.createInputStream(in, decompressor, start, end, readMode));
    } catch (IOException | RuntimeException e) {
      throw FileNamingInputStream.named(e);
    }
  }

  /** Delegates everything, naming the file on read failures. */
  private static final class NamingSplitStream extends SplitCompressionInputStream {
    private final SplitCompressionInputStream delegate;

    NamingSplitStream(SplitCompressionInputStream delegate) throws IOException {
      super(delegate, delegate.getAdjustedStart(), delegate.getAdjustedEnd());
      this.delegate = delegate;
    }

    @Override
    public int read() throws IOException {
      return FileNamingInputStream.naming(delegate::read);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return FileNamingInputStream.naming(() -> delegate.read(buffer, offset, length));
    }

    @Override
    public long getAdjustedStart() {
      return delegate.getAdjustedStart();
    }

    @Override
    public long getAdjustedEnd() {
      return delegate.getAdjustedEnd();
    }

    @Override
    public long getPos() throws IOException {
      return delegate.getPos();
    }

    @Override
    public void resetState() throws IOException {
      delegate.resetState();
    }
  }
}
