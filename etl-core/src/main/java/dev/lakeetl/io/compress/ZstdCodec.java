package dev.lakeetl.io.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Zstandard codec for {@code .zst} files that needs no native Hadoop library.
 *
 * <p>Hadoop 3.3's own {@code ZStandardCodec} only works with a native libhadoop built with zstd,
 * which local runs and many clusters lack. This codec streams through zstd-jni (shipped with Spark,
 * bundling its own native code) instead. It has no pooled (de)compressor: {@link
 * #createDecompressor()} returns null, which Hadoop's readers accept for stream-based codecs.
 */
public class ZstdCodec implements CompressionCodec {

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    return new ZstdCompressionOutputStream(out);
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor)
      throws IOException {
    return new ZstdCompressionOutputStream(out);
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return null;
  }

  @Override
  public Compressor createCompressor() {
    return null;
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new FileNamingInputStream(new ZstdCompressionInputStream(in));
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor)
      throws IOException {
    return new FileNamingInputStream(new ZstdCompressionInputStream(in));
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return null;
  }

  @Override
  public Decompressor createDecompressor() {
    return null;
  }

  @Override
  public String getDefaultExtension() {
    return ".zst";
  }
}
