package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.translate;

import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.source.SourceRecords;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Splits decoded records into refined rows and quarantined records. A record is refined when it
 * decoded and has an event time; everything else is quarantined with its reason, so every source
 * record lands in exactly one of the two.
 */
public final class RefinedRows {
  public static final String EVENT_DATE = "event_date";
  public static final String EVENT_HOUR = "event_hour";

  public static final String RAW_PAYLOAD_BASE64 = "raw_payload_base64";
  public static final String REASON = "reason";
  public static final String QUARANTINED_AT = "quarantined_at";
  public static final String ARRIVAL_DATE = "arrival_date";

  /** Names the data may not use: the job adds columns of these names. */
  public static final List<String> RESERVED =
      List.of(
          SourceRecords.PAYLOAD,
          SourceRecords.POSITION,
          SourceRecords.ARRIVAL_TIME,
          EVENT_DATE,
          EVENT_HOUR,
          RecordDecoder.ERROR);

  private RefinedRows() {}

  /** Whether a decoded record is refined: it decoded and has an event time. */
  public static Column isRefined(String eventTime) {
    requireNonNull(eventTime, "eventTime is null");
    return col(RecordDecoder.ERROR).isNull().and(col(eventTime).isNotNull());
  }

  /**
   * Decoded rows with an event time: data columns, source metadata, {@value #EVENT_DATE} (DATE)
   * and, when partitioned {@link EventPartitioning#HOURLY}, {@value #EVENT_HOUR} (two-digit text).
   */
  public static Dataset<Row> refined(
      Dataset<Row> decoded, String eventTime, EventPartitioning partitioning) {
    return refinedWithPayload(decoded, eventTime, partitioning).drop(SourceRecords.PAYLOAD);
  }

  /**
   * {@link #refined} rows that still carry the source payload, so rows a quality rule quarantines
   * can be written with it.
   */
  public static Dataset<Row> refinedWithPayload(
      Dataset<Row> decoded, String eventTime, EventPartitioning partitioning) {
    requireNonNull(decoded, "decoded is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(partitioning, "partitioning is null");
    Dataset<Row> good =
        decoded
            .where(isRefined(eventTime))
            .drop(RecordDecoder.ERROR)
            .withColumn(EVENT_DATE, to_date(col(eventTime)));
    return partitioning == EventPartitioning.HOURLY
        ? good.withColumn(EVENT_HOUR, date_format(col(eventTime), "HH"))
        : good;
  }

  /**
   * Records that did not decode or lack an event time: the raw payload as base64 (as received,
   * still compressed), source position and arrival time, the reason, when it was quarantined, and
   * {@value #ARRIVAL_DATE} to partition by.
   */
  public static Dataset<Row> quarantined(Dataset<Row> decoded, String eventTime) {
    requireNonNull(decoded, "decoded is null");
    requireNonNull(eventTime, "eventTime is null");
    Column missingEventTime =
        lit("missing event time: decode.event-time column '" + eventTime + "' is null");
    return quarantined(
        decoded.where(not(isRefined(eventTime))),
        coalesce(col(RecordDecoder.ERROR), missingEventTime));
  }

  /**
   * Rows with the source payload, position and arrival time in the quarantine's layout, with {@code
   * reason}.
   */
  public static Dataset<Row> quarantined(Dataset<Row> rows, Column reason) {
    requireNonNull(rows, "rows is null");
    requireNonNull(reason, "reason is null");
    return rows.select(
        // One line: Spark 3.5 breaks base64 text into 76-character lines.
        translate(base64(col(SourceRecords.PAYLOAD)), "\r\n", "").as(RAW_PAYLOAD_BASE64),
        col(SourceRecords.POSITION),
        col(SourceRecords.ARRIVAL_TIME),
        reason.as(REASON),
        current_timestamp().as(QUARANTINED_AT),
        to_date(coalesce(col(SourceRecords.ARRIVAL_TIME), current_timestamp())).as(ARRIVAL_DATE));
  }
}
