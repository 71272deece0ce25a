package dev.lakeetl.streaming.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.io.NullValues;
import dev.lakeetl.streaming.source.SourceRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Empty values and null texts decode as the batch readers read them: null in every column type by
 * default, text (and so an invalid value in a typed column) with decode.empty-as-null false, and
 * decode.null-values null wherever they are the whole value.
 */
class EmptyValuesDecodeTest {
  private static final String DDL = "t TIMESTAMP, origin STRING, delay INT";
  private static final NullValues EMPTY_IS_TEXT = new NullValues(false, List.of());

  @Test
  void jsonEmptyStringIsNullInEveryColumnType() {
    assertThat(
            decode(
                PayloadFormat.JSON,
                NullValues.DEFAULT,
                Optional.empty(),
                "{\"t\":\"2001-01-01T06:55:00Z\",\"origin\":\"\",\"delay\":\"\"}",
                "{\"t\":\"\",\"origin\":\"SFO\",\"delay\":7}",
                "{\"t\":\"2001-01-01T07:00:00Z\",\"origin\":\"JFK\",\"delay\":\"late\"}"))
        .containsExactly(
            "2001-01-01 06:55:00|null|null|null",
            "null|SFO|7|null",
            "null|null|null|column 'delay': value 'late' is not a valid INT");
  }

  @Test
  void jsonEmptyStringIsTextWhenEmptyIsNotNull() {
    assertThat(
            decode(
                PayloadFormat.JSON,
                EMPTY_IS_TEXT,
                Optional.empty(),
                "{\"t\":\"2001-01-01T06:55:00Z\",\"origin\":\"\",\"delay\":3}",
                "{\"t\":\"2001-01-01T06:55:00Z\",\"origin\":\"SFO\",\"delay\":\"\"}",
                "{\"t\":\"\",\"origin\":\"SFO\",\"delay\":\"\"}"))
        .containsExactly(
            "2001-01-01 06:55:00||3|null",
            "null|null|null|column 'delay': value '' is not a valid INT",
            "null|null|null|column 't': value '' is not a valid TIMESTAMP;"
                + " column 'delay': value '' is not a valid INT");
  }

  @Test
  void nullValuesAreNullInEveryColumnType() {
    NullValues nulls = new NullValues(true, List.of("NA", "-"));
    assertThat(
            decode(
                PayloadFormat.JSON,
                nulls,
                Optional.empty(),
                "{\"t\":\"NA\",\"origin\":\"-\",\"delay\":\"NA\"}",
                "{\"t\":\"2001-01-01T06:55:00Z\",\"origin\":\"NAN\",\"delay\":\"-\"}"))
        .containsExactly("null|null|null|null", "2001-01-01 06:55:00|NAN|null|null");
    assertThat(
            decode(
                PayloadFormat.CSV,
                nulls,
                Optional.empty(),
                "NA,-,NA",
                "2001-01-01T06:55:00Z,\"NA\",-",
                "2001-01-01T06:55:00Z,SFO,n/a"))
        .containsExactly(
            "null|null|null|null",
            "2001-01-01 06:55:00|null|null|null",
            "null|null|null|column 'delay': value 'n/a' is not a valid INT");
  }

  @Test
  void csvEmptyFieldsQuotedOrNotAreNullInEveryColumnType() {
    assertThat(
            decode(
                PayloadFormat.CSV,
                NullValues.DEFAULT,
                Optional.empty(),
                "2001-01-01T06:55:00Z,,",
                "2001-01-01T06:55:00Z,\"\",\"\"",
                ",SFO,4",
                "2001-01-01T06:55:00Z,SFO"))
        .containsExactly(
            "2001-01-01 06:55:00|null|null|null",
            "2001-01-01 06:55:00|null|null|null",
            "null|SFO|4|null",
            "null|null|null|malformed CSV: expected 3 fields");
  }

  @Test
  void csvQuotedEmptyFieldIsTextWhenEmptyIsNotNull() {
    assertThat(
            decode(
                PayloadFormat.CSV,
                EMPTY_IS_TEXT,
                Optional.empty(),
                "2001-01-01T06:55:00Z,\"\",5",
                "2001-01-01T06:55:00Z,SFO,\"\"",
                // An unquoted empty field has no text at all: null either way.
                "2001-01-01T06:55:00Z,,"))
        .containsExactly(
            "2001-01-01 06:55:00||5|null",
            "null|null|null|column 'delay': value '' is not a valid INT",
            "2001-01-01 06:55:00|null|null|null");
  }

  @Test
  void timestampsThatDoNotMatchTheFormatNameItInTheReason() {
    assertThat(
            decode(
                PayloadFormat.JSON,
                NullValues.DEFAULT,
                Optional.of("yyyy/MM/dd HH:mm"),
                "{\"t\":\"2001/01/01 06:55\",\"origin\":\"SFO\",\"delay\":1}",
                "{\"t\":\"2001-01-01T06:55:00Z\",\"origin\":\"SFO\",\"delay\":1.5}"))
        .containsExactly(
            "2001-01-01 06:55:00|SFO|1|null",
            "null|null|null|column 't': value '2001-01-01T06:55:00Z' is not a valid TIMESTAMP"
                + " (format 'yyyy/MM/dd HH:mm'); column 'delay': value '1.5' is not a valid INT");
  }

  /** The decoded data columns and the decode error, by position, as "t|origin|delay|error". */
  private static List<String> decode(
      PayloadFormat format,
      NullValues nulls,
      Optional<String> timestampFormat,
      String... payloads) {
    DecodeConfig config =
        new DecodeConfig(
            format,
            Optional.of(DDL),
            false,
            10,
            "t",
            timestampFormat,
            ",",
            "\"",
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            nulls);
    List<byte[]> bytes =
        List.of(payloads).stream()
            .map(text -> text.getBytes(StandardCharsets.UTF_8))
            .collect(Collectors.toList());
    return RecordDecoder.decode(
            SourceRows.of("flights", bytes), config, DecodeSchemas.declared(config))
        .orderBy(SourceRecords.POSITION)
        .selectExpr("cast(t AS STRING)", "origin", "delay", RecordDecoder.ERROR)
        .collectAsList()
        .stream()
        .map(row -> row.mkString("|"))
        .collect(Collectors.toList());
  }
}
