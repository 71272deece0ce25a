package dev.lakeetl.io.compress;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.GzipCodec;

/**
 * Hadoop's gzip codec whose read failures name the file being read. Only the two-argument {@code
 * createInputStream} is overridden: Hadoop's one-argument form takes a pooled decompressor and
 * calls it.
 */
public class NamingGzipCodec extends GzipCodec {
  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor)
      throws IOException {
    return new FileNamingInputStream(super.createInputStream(in, decompressor));
  }
}
