package dev.lakeetl.streaming.decode;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * Compression of one record's payload, recognised by its magic bytes. Producers compress records
 * one by one (unlike Kafka's batch compression, which the client undoes), so each record is checked
 * on its own. Every codec here ships with Spark (zstd-jni, snappy-java, commons-compress, xz).
 */
public enum PayloadCompression {
  NONE(new int[0]),
  GZIP(new int[] {0x1f, 0x8b}),
  /** "BZh" + block size digit + the block magic 0x314159265359 (or the end-of-stream magic). */
  BZIP2(new int[] {'B', 'Z', 'h'}),
  ZSTD(new int[] {0x28, 0xb5, 0x2f, 0xfd}),
  XZ(new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}),
  /** The snappy framing format's stream identifier chunk. */
  SNAPPY_FRAMED(new int[] {0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'}),
  /** zlib-wrapped deflate (RFC 1950): a 2-byte header whose checksum is a multiple of 31. */
  DEFLATE(new int[0]);

  /**
   * Upper bound on one decompressed record: a corrupt or hostile payload must not exhaust memory.
   */
  public static final int MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

  private final int[] magic;

  PayloadCompression(int[] magic) {
    this.magic = magic;
  }

  /** The codec the payload starts with, {@link #NONE} when it has no known magic. */
  public static PayloadCompression detect(byte[] payload) {
    if (payload == null) {
      return NONE;
    }
    for (PayloadCompression compression :
        new PayloadCompression[] {GZIP, ZSTD, XZ, SNAPPY_FRAMED}) {
      if (compression.startsWithMagic(payload)) {
        return compression;
      }
    }
    if (BZIP2.startsWithMagic(payload) && payload.length >= 10 && isBzip2Stream(payload)) {
      return BZIP2;
    }
    if (isZlibHeader(payload)) {
      return DEFLATE;
    }
    return NONE;
  }

  /** The spelling used in reasons and docs: gzip, bzip2, zstd, xz, snappy-framed, deflate. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The payload without its compression.
   *
   * @throws IOException when the payload has the magic bytes but is not a valid stream, or
   *     decompresses to more than {@link #MAX_DECOMPRESSED_BYTES}
   */
  public byte[] decompress(byte[] payload) throws IOException {
    if (this == NONE) {
      return payload;
    }
    try (InputStream in = open(new ByteArrayInputStream(payload))) {
      byte[] data = in.readNBytes(MAX_DECOMPRESSED_BYTES + 1);
      if (data.length > MAX_DECOMPRESSED_BYTES) {
        throw new IOException("decompresses to more than " + MAX_DECOMPRESSED_BYTES + " bytes");
      }
      return data;
    }
  }

  private InputStream open(InputStream in) throws IOException {
    switch (this) {
      case GZIP:
        return new GZIPInputStream(in);
      case BZIP2:
        return new BZip2CompressorInputStream(in, true);
      case ZSTD:
        return new ZstdInputStream(in);
      case XZ:
        return new XZCompressorInputStream(in, true);
      case SNAPPY_FRAMED:
        return new SnappyFramedInputStream(in);
      case DEFLATE:
        return new InflaterInputStream(in);
      default:
        throw new IllegalStateException("Unknown compression " + this);
    }
  }

  private boolean startsWithMagic(byte[] payload) {
    if (magic.length == 0 || payload.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((payload[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBzip2Stream(byte[] payload) {
    int blockSize = payload[3];
    if (blockSize < '1' || blockSize > '9') {
      return false;
    }
    byte[] block = Arrays.copyOfRange(payload, 4, 10);
    byte[] blockMagic = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
    byte[] endMagic = {0x17, 0x72, 0x45, 0x38, 0x50, (byte) 0x90};
    return Arrays.equals(block, blockMagic) || Arrays.equals(block, endMagic);
  }

  /**
   * A zlib header: method 8 (deflate), window size at most 32 KiB, no preset dictionary, header
   * checksum a multiple of 31. Text can pass this test by chance ("x^" does), so a payload that
   * then fails to inflate is taken as uncompressed (see {@link PayloadDecompressor}).
   */
  private static boolean isZlibHeader(byte[] payload) {
    if (payload.length < 2) {
      return false;
    }
    int cmf = payload[0] & 0xff;
    int flg = payload[1] & 0xff;
    return (cmf & 0x0f) == 8
        && (cmf >> 4) <= 7
        && (flg & 0x20) == 0
        && ((cmf << 8) | flg) % 31 == 0;
  }
}
