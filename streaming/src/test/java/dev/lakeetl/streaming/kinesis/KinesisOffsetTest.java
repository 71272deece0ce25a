package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisOffsetTest {
  private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";

  @Test
  void roundTripsEveryKindOfPosition() {
    Map<String, ShardPosition> shards = new LinkedHashMap<>();
    shards.put("shardId-000000000002", ShardPosition.trimHorizon());
    shards.put("shardId-000000000000", ShardPosition.shardEnd());
    shards.put("shardId-000000000001", ShardPosition.after(SEQUENCE));
    shards.put(
        "shardId-000000000003",
        ShardPosition.atTimestamp(Instant.parse("2024-05-01T10:15:30.123Z")));
    KinesisOffset offset = new KinesisOffset("flights", shards);

    KinesisOffset parsed = KinesisOffset.fromJson(offset.json());

    assertThat(parsed.stream()).isEqualTo("flights");
    assertThat(parsed.shards()).isEqualTo(shards);
    assertThat(parsed).isEqualTo(offset);
    assertThat(parsed.json()).isEqualTo(offset.json());
  }

  @Test
  void jsonIsStableAndSortedByShard() {
    Map<String, ShardPosition> shards = new LinkedHashMap<>();
    shards.put("shardId-000000000001", ShardPosition.after(SEQUENCE));
    shards.put("shardId-000000000000", ShardPosition.shardEnd());

    assertThat(new KinesisOffset("s", shards).json())
        .isEqualTo(
            "{\"version\":1,\"stream\":\"s\",\"shards\":{"
                + "\"shardId-000000000000\":\"SHARD_END\","
                + "\"shardId-000000000001\":\"AFTER_SEQUENCE_NUMBER/"
                + SEQUENCE
                + "\"}}");
  }

  @Test
  void rejectsAnotherVersion() {
    assertThatThrownBy(
            () -> KinesisOffset.fromJson("{\"version\":2,\"stream\":\"s\",\"shards\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot parse Kinesis offset: version 2 is not supported (this build reads version 1):"
                + " {\"version\":2,\"stream\":\"s\",\"shards\":{}}");
  }

  @Test
  void rejectsBadPositionsNamingThem() {
    assertThatThrownBy(
            () ->
                KinesisOffset.fromJson(
                    "{\"version\":1,\"stream\":\"s\",\"shards\":{\"a\":\"AFTER_SEQUENCE_NUMBER/x1\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot parse a Kinesis shard position: 'AFTER_SEQUENCE_NUMBER/x1'");
    assertThatThrownBy(() -> ShardPosition.parse("LATEST"))
        .hasMessageStartingWith("Cannot parse a Kinesis shard position: 'LATEST'");
    assertThatThrownBy(() -> ShardPosition.parse("SHARD_END/1"))
        .hasMessageStartingWith("Cannot parse a Kinesis shard position: 'SHARD_END/1'");
    assertThatThrownBy(() -> KinesisOffset.fromJson("not json"))
        .hasMessage("Cannot parse Kinesis offset: not JSON: not json");
    assertThatThrownBy(() -> KinesisOffset.fromJson("{\"version\":1}"))
        .hasMessageStartingWith(
            "Cannot parse Kinesis offset: 'stream' (text) and 'shards' (object) are required");
  }

  @Test
  void comparesSequenceNumbersAsNumbers() {
    assertThat(ShardPosition.compareSequenceNumbers("9", "10")).isNegative();
    assertThat(ShardPosition.compareSequenceNumbers(SEQUENCE, SEQUENCE)).isZero();
    assertThat(ShardPosition.compareSequenceNumbers(SEQUENCE + "0", SEQUENCE)).isPositive();
  }
}
