package dev.lakeetl.streaming.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Kafka and Kinesis rows become the same record shape. */
class SourceRecordsTest {
  @Test
  void kafkaPositionIsTopicPartitionOffset() {
    Dataset<Row> kafka =
        SharedSpark.session()
            .sql(
                "SELECT CAST('{}' AS BINARY) AS key, CAST('{\"a\":1}' AS BINARY) AS value,"
                    + " 'flights' AS topic, 3 AS partition, CAST(42 AS BIGINT) AS offset,"
                    + " TIMESTAMP'2026-11-23 10:00:00' AS timestamp, 0 AS timestampType");

    List<Row> rows = SourceRecords.fromKafka(kafka).collectAsList();

    assertThat(List.of(SourceRecords.fromKafka(kafka).columns()))
        .containsExactly(SourceRecords.PAYLOAD, SourceRecords.POSITION, SourceRecords.ARRIVAL_TIME);
    assertThat(rows.get(0).getString(1)).isEqualTo("flights/3/42");
    assertThat(new String((byte[]) rows.get(0).get(0), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void kinesisPositionIsStreamShardSequenceForBothColumnStyles() {
    Dataset<Row> ours =
        SharedSpark.session()
            .sql(
                "SELECT CAST('x' AS BINARY) AS data, 'flights' AS stream,"
                    + " 'shardId-000000000001' AS shard_id, '4960' AS sequence_number,"
                    + " 'k' AS partition_key,"
                    + " TIMESTAMP'2026-11-23 10:00:00' AS approximate_arrival_timestamp");
    Dataset<Row> bundled =
        SharedSpark.session()
            .sql(
                "SELECT CAST('x' AS BINARY) AS data, 'flights' AS streamName,"
                    + " 'shardId-000000000001' AS shardId, '4960' AS sequenceNumber,"
                    + " TIMESTAMP'2026-11-23 10:00:00' AS approximateArrivalTimestamp");

    for (Dataset<Row> kinesis : List.of(ours, bundled)) {
      Row row = SourceRecords.fromKinesis(kinesis).collectAsList().get(0);
      assertThat(row.getString(1)).isEqualTo("flights/shardId-000000000001/4960");
      assertThat(row.get(2)).isNotNull();
    }
  }

  @Test
  void kinesisWithoutKnownColumnsIsAClearError() {
    Dataset<Row> other = SharedSpark.session().sql("SELECT CAST('x' AS BINARY) AS data");

    assertThatThrownBy(() -> SourceRecords.fromKinesis(other))
        .hasMessageStartingWith(
            "Cannot read Kinesis records: the source has neither column 'stream' nor 'streamName'");
  }
}
