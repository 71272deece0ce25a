package dev.lakeetl.io.compress;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Registers the toolkit's codecs in {@code io.compression.codecs}, keeping the codecs already
 * listed (or Hadoop's defaults when the key is unset): pure-Java Zstandard for {@code .zst} and
 * {@code .zstd}, and gzip and zlib codecs whose read failures name the file being read.
 */
public final class CompressionCodecs {
  public static final String CODECS_KEY = "io.compression.codecs";

  /** What Hadoop reads when {@code io.compression.codecs} is unset (besides service loading). */
  static final List<String> HADOOP_DEFAULTS =
      List.of(
          "org.apache.hadoop.io.compress.DefaultCodec",
          "org.apache.hadoop.io.compress.GzipCodec",
          "org.apache.hadoop.io.compress.BZip2Codec");

  /** Ours, registered last so they win for their extensions. */
  static final List<String> TOOLKIT_CODECS =
      List.of(
          NamingGzipCodec.class.getName(),
          NamingBZip2Codec.class.getName(),
          NamingDeflateCodec.class.getName(),
          ZstdCodec.class.getName(),
          ZstdLongExtensionCodec.class.getName());

  private CompressionCodecs() {}

  /**
   * The {@code io.compression.codecs} value with the toolkit's codecs appended to {@code current}.
   * Later entries win for the same extension, so ours replace Hadoop's native-only {@code .zst}
   * codec and the plain gzip and zlib codecs.
   */
  public static String withToolkitCodecs(String current) {
    List<String> codecs = new ArrayList<>();
    if (current == null || current.isBlank()) {
      codecs.addAll(HADOOP_DEFAULTS);
    } else {
      Arrays.stream(current.split(","))
          .map(String::trim)
          .filter(name -> !name.isEmpty())
          .forEach(codecs::add);
    }
    for (String codec : TOOLKIT_CODECS) {
      codecs.remove(codec);
      codecs.add(codec);
    }
    return String.join(",", codecs);
  }

  /** Registers the codecs in {@code hadoopConf}; calling it again changes nothing. */
  public static void register(Configuration hadoopConf) {
    requireNonNull(hadoopConf, "hadoopConf is null");
    String current = hadoopConf.get(CODECS_KEY);
    String updated = withToolkitCodecs(current);
    if (!updated.equals(current)) {
      hadoopConf.set(CODECS_KEY, updated);
    }
  }
}
