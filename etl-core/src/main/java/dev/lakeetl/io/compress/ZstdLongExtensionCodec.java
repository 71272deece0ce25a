package dev.lakeetl.io.compress;

/**
 * The same pure-Java Zstandard codec for files named {@code .zstd}: Hadoop maps one extension to
 * one codec class, so the second spelling needs its own class.
 */
public class ZstdLongExtensionCodec extends ZstdCodec {
  @Override
  public String getDefaultExtension() {
    return ".zstd";
  }
}
