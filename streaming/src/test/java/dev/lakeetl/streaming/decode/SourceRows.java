package dev.lakeetl.streaming.decode;

import dev.lakeetl.io.NullValues;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Source records as the sources deliver them, for decoding tests without a broker. */
public final class SourceRows {
  public static final StructType SCHEMA =
      new StructType()
          .add(SourceRecords.PAYLOAD, DataTypes.BinaryType, true)
          .add(SourceRecords.POSITION, DataTypes.StringType, false)
          .add(SourceRecords.ARRIVAL_TIME, DataTypes.TimestampType, true);

  public static final Instant ARRIVAL = Instant.parse("2026-11-23T10:00:00Z");

  private SourceRows() {}

  /** JSON records of the declared {@code ddl} schema with event time column {@code eventTime}. */
  public static DecodeConfig json(String ddl, String eventTime) {
    return new DecodeConfig(
        PayloadFormat.JSON,
        Optional.of(ddl),
        false,
        10,
        eventTime,
        Optional.empty(),
        ",",
        "\"",
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        NullValues.DEFAULT);
  }

  /** One record per payload at position {@code topic/0/<index>}. */
  public static Dataset<Row> of(String topic, List<byte[]> payloads) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      rows.add(RowFactory.create(payloads.get(i), topic + "/0/" + i, Timestamp.from(ARRIVAL)));
    }
    return SharedSpark.session().createDataFrame(rows, SCHEMA);
  }
}
