package dev.lakeetl.io.compress;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.jupiter.api.Test;

class CompressionCodecsTest {
  @Test
  void keepsHadoopDefaultsAndAddsOursLast() {
    assertThat(CompressionCodecs.withToolkitCodecs(null))
        .isEqualTo(
            "org.apache.hadoop.io.compress.DefaultCodec,"
                + "org.apache.hadoop.io.compress.GzipCodec,"
                + "org.apache.hadoop.io.compress.BZip2Codec,"
                + "dev.lakeetl.io.compress.NamingGzipCodec,"
                + "dev.lakeetl.io.compress.NamingBZip2Codec,"
                + "dev.lakeetl.io.compress.NamingDeflateCodec,"
                + "dev.lakeetl.io.compress.ZstdCodec,"
                + "dev.lakeetl.io.compress.ZstdLongExtensionCodec");
    assertThat(CompressionCodecs.withToolkitCodecs("com.example.LzoCodec"))
        .startsWith("com.example.LzoCodec,dev.lakeetl.io.compress.NamingGzipCodec");
  }

  @Test
  void registeringTwiceChangesNothing() {
    Configuration conf = new Configuration(false);
    CompressionCodecs.register(conf);
    String once = conf.get(CompressionCodecs.CODECS_KEY);
    CompressionCodecs.register(conf);

    assertThat(conf.get(CompressionCodecs.CODECS_KEY)).isEqualTo(once);
  }

  @Test
  void extensionsMapToTheToolkitCodecs() {
    Configuration conf = new Configuration();
    CompressionCodecs.register(conf);
    CompressionCodecFactory factory = new CompressionCodecFactory(conf);

    assertThat(factory.getCodec(new Path("/a/x.json.zst"))).isInstanceOf(ZstdCodec.class);
    assertThat(factory.getCodec(new Path("/a/x.json.zstd")))
        .isInstanceOf(ZstdLongExtensionCodec.class);
    assertThat(factory.getCodec(new Path("/a/x.json.gz"))).isInstanceOf(NamingGzipCodec.class);
    assertThat(factory.getCodec(new Path("/a/x.deflate"))).isInstanceOf(NamingDeflateCodec.class);
    assertThat(factory.getCodec(new Path("/a/x.bz2"))).isInstanceOf(NamingBZip2Codec.class);
  }

  @Test
  void zstdCodecRoundTripsWithZstdJni() throws IOException {
    CompressionCodec codec = new ZstdCodec();
    byte[] text = "hello zstd\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = codec.createOutputStream(compressed)) {
      out.write(text);
    }

    try (InputStream plain =
            new ZstdInputStream(new ByteArrayInputStream(compressed.toByteArray()));
        InputStream viaCodec =
            codec.createInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
      assertThat(plain.readAllBytes()).isEqualTo(text);
      assertThat(viaCodec.readAllBytes()).isEqualTo(text);
    }
  }
}
