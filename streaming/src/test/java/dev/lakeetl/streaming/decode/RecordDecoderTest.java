package dev.lakeetl.streaming.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.NullValues;
import dev.lakeetl.streaming.sink.EventPartitioning;
import dev.lakeetl.streaming.sink.RefinedRows;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decoding each format, each compression, written to Parquet and read back: what a refined table
 * and its quarantine hold.
 */
class RecordDecoderTest {
  private static final String DDL = "departure_time TIMESTAMP, origin STRING, delay INT";
  private static final String AVRO_SCHEMA =
      "{\"type\":\"record\",\"name\":\"Flight\",\"fields\":["
          + "{\"name\":\"departure_time\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
          + "{\"name\":\"origin\",\"type\":\"string\"},"
          + "{\"name\":\"delay\",\"type\":\"int\"}]}";
  private static final String GROK_PATTERN =
      "%{TIMESTAMP_ISO8601:departure_time} %{AIRPORT:origin} delay=%{INT:delay}";

  @TempDir Path folder;

  static DecodeConfig config(PayloadFormat format) {
    boolean avro = format == PayloadFormat.AVRO;
    return new DecodeConfig(
        format,
        avro ? Optional.empty() : Optional.of(DDL),
        false,
        100,
        "departure_time",
        Optional.empty(),
        ",",
        "\"",
        avro ? Optional.of(AVRO_SCHEMA) : Optional.empty(),
        format == PayloadFormat.GROK ? Optional.of(GROK_PATTERN) : Optional.empty(),
        format == PayloadFormat.GROK ? Map.of("AIRPORT", "[A-Z]{3}") : Map.of(),
        NullValues.DEFAULT);
  }

  /** Two flights in the given format. */
  static List<byte[]> flights(PayloadFormat format) {
    switch (format) {
      case JSON:
        return List.of(
            utf8("{\"departure_time\":\"2001-01-01T06:55:00Z\",\"origin\":\"SFO\",\"delay\":12}"),
            utf8("{\"departure_time\":\"2001-01-02T23:10:00Z\",\"origin\":\"JFK\",\"delay\":-3}"));
      case CSV:
        return List.of(utf8("2001-01-01T06:55:00Z,SFO,12"), utf8("2001-01-02T23:10:00Z,JFK,-3"));
      case GROK:
        return List.of(
            utf8("2001-01-01T06:55:00Z SFO delay=12"), utf8("2001-01-02T23:10:00Z JFK delay=-3"));
      case AVRO:
        return List.of(avro(978332100000000L, "SFO", 12), avro(978477000000000L, "JFK", -3));
      default:
        throw new IllegalArgumentException(format.name());
    }
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void decodesEveryFormatAndCompressionToParquet(PayloadFormat format) {
    List<byte[]> payloads = new ArrayList<>();
    List<PayloadCompression> compressions = List.of(PayloadCompression.values());
    for (PayloadCompression compression : compressions) {
      for (byte[] flight : flights(format)) {
        payloads.add(PayloadCompressionTest.compress(compression, flight));
      }
    }
    DecodeConfig config = config(format);
    StructType schema = DecodeSchemas.declared(config);
    Dataset<Row> decoded = RecordDecoder.decode(SourceRows.of("flights", payloads), config, schema);
    String target = folder.resolve("refined").toString();

    RefinedRows.refined(decoded, "departure_time", EventPartitioning.HOURLY)
        .write()
        .partitionBy(EventPartitioning.HOURLY.partitionColumns().toArray(new String[0]))
        .parquet(target);

    List<Row> rows =
        SharedSpark.session()
            .read()
            .parquet(target)
            .selectExpr(
                "date_format(departure_time, \"yyyy-MM-dd'T'HH:mm\")",
                "origin",
                "delay",
                "cast(event_date as string)",
                // Read back, the partition value "06" is typed as the number 6.
                "cast(event_hour as string)",
                SourceRecords.POSITION)
            .orderBy(SourceRecords.POSITION)
            .collectAsList();
    assertThat(rows).hasSize(2 * compressions.size());
    for (int i = 0; i < compressions.size(); i++) {
      assertThat(rows.get(2 * i).mkString("|"))
          .as("record compressed with %s", compressions.get(i))
          .startsWith("2001-01-01T06:55|SFO|12|2001-01-01|6|flights/0/");
      assertThat(rows.get(2 * i + 1).mkString("|"))
          .as("record compressed with %s", compressions.get(i))
          .startsWith("2001-01-02T23:10|JFK|-3|2001-01-02|23|flights/0/");
    }
  }

  @Test
  void quarantinesWhatDoesNotDecodeWithPositionAndReason() {
    byte[] truncatedGzip =
        java.util.Arrays.copyOf(
            PayloadCompressionTest.compress(
                PayloadCompression.GZIP, flights(PayloadFormat.JSON).get(0)),
            12);
    List<byte[]> payloads =
        List.of(
            flights(PayloadFormat.JSON).get(0),
            utf8("{\"departure_time\": \"2001-01-01T07:00:00Z\", \"origin\": "),
            utf8(
                "{\"departure_time\":\"2001-01-01T07:00:00Z\",\"origin\":\"SFO\",\"delay\":\"late\"}"),
            utf8("{\"origin\":\"SFO\",\"delay\":1}"),
            truncatedGzip);
    DecodeConfig config = config(PayloadFormat.JSON);
    Dataset<Row> decoded =
        RecordDecoder.decode(
            SourceRows.of("flights", payloads), config, DecodeSchemas.declared(config));
    String quarantine = folder.resolve("quarantine").toString();

    RefinedRows.quarantined(decoded, "departure_time").write().parquet(quarantine);

    List<Row> rows =
        SharedSpark.session()
            .read()
            .parquet(quarantine)
            .orderBy(SourceRecords.POSITION)
            .collectAsList();
    assertThat(rows)
        .extracting(row -> row.getAs(SourceRecords.POSITION).toString())
        .containsExactly("flights/0/1", "flights/0/2", "flights/0/3", "flights/0/4");
    assertThat(rows.get(0).<String>getAs(RefinedRows.REASON)).isEqualTo("malformed JSON");
    assertThat(rows.get(1).<String>getAs(RefinedRows.REASON))
        .isEqualTo("column 'delay': value 'late' is not a valid INT");
    assertThat(rows.get(2).<String>getAs(RefinedRows.REASON))
        .isEqualTo("missing event time: decode.event-time column 'departure_time' is null");
    assertThat(rows.get(3).<String>getAs(RefinedRows.REASON))
        .startsWith("cannot decompress gzip payload: ");
    assertThat(
            Base64.getDecoder().decode(rows.get(3).<String>getAs(RefinedRows.RAW_PAYLOAD_BASE64)))
        .isEqualTo(truncatedGzip);
    assertThat(RefinedRows.refined(decoded, "departure_time", EventPartitioning.DAILY).count())
        .isEqualTo(1);
  }

  @Test
  void grokQuarantinesLinesThatDoNotMatchAndValuesThatDoNotCast() {
    List<byte[]> payloads =
        List.of(
            utf8("2001-01-01T06:55:00Z SFO delay=12"),
            utf8("GET /index.html 200"),
            utf8("2001-01-01T06:55:00Z SFO delay=99999999999"));
    DecodeConfig config = config(PayloadFormat.GROK);
    Dataset<Row> decoded =
        RecordDecoder.decode(
            SourceRows.of("logs", payloads), config, DecodeSchemas.declared(config));

    List<Row> reasons =
        RefinedRows.quarantined(decoded, "departure_time")
            .select(SourceRecords.POSITION, RefinedRows.REASON)
            .orderBy(SourceRecords.POSITION)
            .collectAsList();

    assertThat(reasons)
        .extracting(row -> row.mkString(": "))
        .containsExactly(
            "logs/0/1: line does not match decode.grok.pattern",
            "logs/0/2: column 'delay': value '99999999999' is not a valid INT");
  }

  @Test
  void avroGarbageIsQuarantined() {
    DecodeConfig config = config(PayloadFormat.AVRO);
    Dataset<Row> decoded =
        RecordDecoder.decode(
            SourceRows.of("avro", List.of(utf8("not avro"))),
            config,
            DecodeSchemas.declared(config));

    assertThat(
            RefinedRows.quarantined(decoded, "departure_time")
                .select(RefinedRows.REASON)
                .collectAsList())
        .extracting(row -> row.getString(0))
        .containsExactly("not an Avro datum of decode.avro.schema");
  }

  @Test
  void infersJsonSchemaWithTheEventTimeAsTimestamp() {
    DecodeConfig config =
        new DecodeConfig(
            PayloadFormat.JSON,
            Optional.empty(),
            true,
            10,
            "departure_time",
            Optional.empty(),
            ",",
            "\"",
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            NullValues.DEFAULT);
    List<byte[]> sample = new ArrayList<>(flights(PayloadFormat.JSON));
    sample.add(PayloadCompressionTest.compress(PayloadCompression.ZSTD, sample.get(0)));

    StructType schema = DecodeSchemas.infer(SharedSpark.session(), config, sample);

    assertThat(schema.toDDL()).isEqualTo("delay BIGINT,departure_time TIMESTAMP,origin STRING");
  }

  @Test
  void rejectsAnEventTimeThatIsNotATimestamp() {
    assertThatThrownBy(
            () ->
                DecodeSchemas.validate(
                    StructType.fromDDL("departure_time STRING, origin STRING"),
                    "departure_time",
                    RefinedRows.RESERVED))
        .hasMessage(
            "Cannot use decode.event-time 'departure_time': it is string, expected timestamp;"
                + " declare it TIMESTAMP in decode.schema");
    assertThatThrownBy(
            () ->
                DecodeSchemas.validate(
                    StructType.fromDDL("t TIMESTAMP, source_position STRING"),
                    "t",
                    RefinedRows.RESERVED))
        .hasMessageContaining("record column 'source_position'");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] avro(long micros, String origin, int delay) {
    Schema schema = new Schema.Parser().parse(AVRO_SCHEMA);
    GenericRecord record = new GenericData.Record(schema);
    record.put("departure_time", micros);
    record.put("origin", origin);
    record.put("delay", delay);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
