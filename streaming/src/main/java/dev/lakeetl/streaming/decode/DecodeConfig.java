package dev.lakeetl.streaming.decode;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.NullValues;
import java.util.Map;
import java.util.Optional;

/**
 * How records are decoded (decode.*).
 *
 * @param format record format
 * @param schemaDdl declared schema (Spark DDL); empty when inferred or for Avro
 * @param inferSchema infer the schema from a sample of the stream at start
 * @param inferSampleSize records in that sample
 * @param eventTime the TIMESTAMP column partitions and windows derive from
 * @param timestampFormat pattern for timestamps written as text
 * @param csvDelimiter CSV field separator
 * @param csvQuote CSV quote character
 * @param avroSchema Avro writer schema (JSON)
 * @param grokPattern Grok pattern for log lines
 * @param grokPatterns custom Grok patterns by name
 * @param nullValues which value texts are null (JSON, CSV, Grok)
 */
public record DecodeConfig(
    PayloadFormat format,
    Optional<String> schemaDdl,
    boolean inferSchema,
    int inferSampleSize,
    String eventTime,
    Optional<String> timestampFormat,
    String csvDelimiter,
    String csvQuote,
    Optional<String> avroSchema,
    Optional<String> grokPattern,
    Map<String, String> grokPatterns,
    NullValues nullValues) {
  public DecodeConfig {
    requireNonNull(format, "format is null");
    requireNonNull(schemaDdl, "schemaDdl is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(timestampFormat, "timestampFormat is null");
    requireNonNull(csvDelimiter, "csvDelimiter is null");
    requireNonNull(csvQuote, "csvQuote is null");
    requireNonNull(avroSchema, "avroSchema is null");
    requireNonNull(grokPattern, "grokPattern is null");
    requireNonNull(nullValues, "nullValues is null");
    grokPatterns = Map.copyOf(requireNonNull(grokPatterns, "grokPatterns is null"));
    if (inferSampleSize <= 0) {
      throw new IllegalArgumentException(
          "Cannot decode records: decode.infer-sample-size "
              + inferSampleSize
              + " is not positive");
    }
    if (format == PayloadFormat.AVRO) {
      if (avroSchema.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot decode avro records: decode.avro.schema is not set");
      }
      if (schemaDdl.isPresent() || inferSchema) {
        throw new IllegalArgumentException(
            "Cannot decode avro records: the columns come from decode.avro.schema; remove"
                + " decode.schema and decode.infer-schema");
      }
    } else {
      if (schemaDdl.isPresent() == inferSchema) {
        throw new IllegalArgumentException(
            "Cannot decode "
                + format.configName()
                + " records: set exactly one of decode.schema and decode.infer-schema: true");
      }
      if (format == PayloadFormat.GROK && grokPattern.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot decode grok records: decode.grok.pattern is not set");
      }
    }
    if (eventTime.isBlank()) {
      throw new IllegalArgumentException("Cannot decode records: decode.event-time is blank");
    }
  }
}
