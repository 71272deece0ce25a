package dev.lakeetl.streaming.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.SnappyFramedOutputStream;

class PayloadCompressionTest {
  private static final String TEXT = "{\"origin\":\"SFO\",\"delay\":12}";

  /** Compresses with the codec's reference library, as a producer would. */
  static byte[] compress(PayloadCompression compression, byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = open(compression, bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compression == PayloadCompression.NONE ? data : bytes.toByteArray();
  }

  private static OutputStream open(PayloadCompression compression, OutputStream out)
      throws IOException {
    switch (compression) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out);
      case BZIP2:
        return new BZip2CompressorOutputStream(out);
      case ZSTD:
        return new com.github.luben.zstd.ZstdOutputStream(out);
      case XZ:
        return new XZCompressorOutputStream(out);
      case SNAPPY_FRAMED:
        return new SnappyFramedOutputStream(out);
      case DEFLATE:
        return new DeflaterOutputStream(out);
      default:
        throw new IllegalArgumentException(compression.name());
    }
  }

  @ParameterizedTest
  @EnumSource(PayloadCompression.class)
  void detectsAndUndoesEachCodec(PayloadCompression compression) {
    byte[] compressed = compress(compression, TEXT.getBytes(StandardCharsets.UTF_8));

    PayloadDecompressor.Result result = new PayloadDecompressor().decompress(compressed);

    assertThat(result.compression()).isEqualTo(compression);
    assertThat(result.error()).isNull();
    assertThat(new String(result.bytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
  }

  @Test
  void textThatLooksLikeZlibStaysText() {
    // 0x78 0x5e ("x^") is a valid zlib header; the text is not a deflate stream.
    byte[] text = "x^2 + y^2".getBytes(StandardCharsets.UTF_8);

    PayloadDecompressor.Result result = new PayloadDecompressor().decompress(text);

    assertThat(result.error()).isNull();
    assertThat(result.compression()).isEqualTo(PayloadCompression.NONE);
    assertThat(result.bytes()).isEqualTo(text);
  }

  @Test
  void textStartingWithBzhIsNotBzip2() {
    byte[] text = "BZh is not a header here".getBytes(StandardCharsets.UTF_8);

    assertThat(PayloadCompression.detect(text)).isEqualTo(PayloadCompression.NONE);
  }

  @Test
  void truncatedGzipIsAnErrorNamingTheCodec() {
    byte[] gzip = compress(PayloadCompression.GZIP, TEXT.getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);

    PayloadDecompressor.Result result = new PayloadDecompressor().decompress(truncated);

    assertThat(result.bytes()).isNull();
    assertThat(result.error()).startsWith("cannot decompress gzip payload: ");
  }

  @Test
  void nullPayloadIsAnError() {
    assertThat(new PayloadDecompressor().decompress(null).error())
        .isEqualTo("record has no payload (null value)");
  }
}
