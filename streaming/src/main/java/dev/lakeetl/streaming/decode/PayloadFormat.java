package dev.lakeetl.streaming.decode;

import java.util.Locale;

/** How a record's (decompressed) payload is decoded into columns. */
public enum PayloadFormat {
  /** One JSON object per record. */
  JSON,
  /** One CSV line per record, columns in decode.schema order. */
  CSV,
  /** One Avro datum per record (no container header), written with decode.avro.schema. */
  AVRO,
  /** One log line per record, parsed with a Grok pattern. */
  GROK;

  /** The spelling used in configuration: json, csv, avro, grok. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
