package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisOffsetTest {
  private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";
  private static final String NEXT = "49590338271490256608559692538361571095921575989136588905";

  @Test
  void roundTripsEveryKindOfShardState() {
    Map<String, ShardState> shards = new LinkedHashMap<>();
    shards.put("shardId-000000000002", ShardState.at(ShardPosition.trimHorizon()));
    shards.put("shardId-000000000000", ShardState.at(ShardPosition.shardEnd()));
    shards.put(
        "shardId-000000000001",
        new ShardState(ShardPosition.after(SEQUENCE), ShardPosition.at(NEXT)));
    shards.put(
        "shardId-000000000003",
        new ShardState(
            ShardPosition.atTimestamp(Instant.parse("2024-05-01T10:15:30.123Z")),
            ShardPosition.atTimestamp(Instant.parse("2024-05-01T10:15:30.123Z"))));
    shards.put(
        "shardId-000000000004",
        new ShardState(ShardPosition.after(SEQUENCE), ShardPosition.after(SEQUENCE)));
    KinesisOffset offset = new KinesisOffset("flights", 7, shards);

    KinesisOffset parsed = KinesisOffset.fromJson(offset.json());

    assertThat(parsed.stream()).isEqualTo("flights");
    assertThat(parsed.read()).isEqualTo(7);
    assertThat(parsed.shards()).isEqualTo(shards);
    assertThat(parsed.reads())
        .containsOnlyKeys("shardId-000000000001", "shardId-000000000003", "shardId-000000000004");
    assertThat(parsed).isEqualTo(offset);
    assertThat(parsed.json()).isEqualTo(offset.json());
    assertThat(parsed.isReadAhead()).isFalse();
  }

  @Test
  void jsonIsStableAndSortedByShard() {
    // Spark keeps this text in the checkpoint's offset log: it only changes with the version.
    Instant keptUntil = Instant.parse("2026-12-07T14:00:00.123Z");
    Instant timestamp = Instant.parse("2024-05-01T10:15:30.123Z");
    Map<String, ShardState> shards = new LinkedHashMap<>();
    shards.put(
        "shardId-000000000004", new ShardState(ShardPosition.after(SEQUENCE), null, keptUntil));
    shards.put(
        "shardId-000000000001",
        new ShardState(ShardPosition.after(SEQUENCE), ShardPosition.at(NEXT), keptUntil));
    shards.put("shardId-000000000000", ShardState.at(ShardPosition.shardEnd()));
    shards.put(
        "shardId-000000000002",
        new ShardState(ShardPosition.trimHorizon(), ShardPosition.trimHorizon()));
    shards.put(
        "shardId-000000000003",
        new ShardState(ShardPosition.atTimestamp(timestamp), ShardPosition.atTimestamp(timestamp)));
    String json =
        "{\"version\":2,\"stream\":\"s\",\"read\":3,\"shards\":{"
            + "\"shardId-000000000000\":{\"position\":\"SHARD_END\"},"
            + "\"shardId-000000000001\":{\"position\":\"AFTER_SEQUENCE_NUMBER/"
            + SEQUENCE
            + "\",\"keptUntil\":\"2026-12-07T14:00:00.123Z\",\"readFrom\":\"AT_SEQUENCE_NUMBER/"
            + NEXT
            + "\"},"
            + "\"shardId-000000000002\":{\"position\":\"TRIM_HORIZON\","
            + "\"readFrom\":\"TRIM_HORIZON\"},"
            + "\"shardId-000000000003\":{\"position\":\"AT_TIMESTAMP/2024-05-01T10:15:30.123Z\","
            + "\"readFrom\":\"AT_TIMESTAMP/2024-05-01T10:15:30.123Z\"},"
            + "\"shardId-000000000004\":{\"position\":\"AFTER_SEQUENCE_NUMBER/"
            + SEQUENCE
            + "\",\"keptUntil\":\"2026-12-07T14:00:00.123Z\"}}}";

    assertThat(new KinesisOffset("s", 3, shards).json()).isEqualTo(json);
    assertThat(KinesisOffset.fromJson(json)).isEqualTo(new KinesisOffset("s", 3, shards));
  }

  @Test
  void readsTheReadAheadFormatAndWritesItBackUnchanged() {
    String json =
        "{\"version\":1,\"stream\":\"s\",\"shards\":{"
            + "\"shardId-000000000000\":\"SHARD_END\","
            + "\"shardId-000000000001\":\"AFTER_SEQUENCE_NUMBER/"
            + SEQUENCE
            + "\",\"shardId-000000000002\":\"TRIM_HORIZON\"}}";

    KinesisOffset offset = KinesisOffset.fromJson(json);

    assertThat(offset.isReadAhead()).isTrue();
    assertThat(offset.read()).isZero();
    assertThat(offset.reads()).isEmpty();
    assertThat(offset.positions())
        .containsEntry("shardId-000000000000", ShardPosition.shardEnd())
        .containsEntry("shardId-000000000001", ShardPosition.after(SEQUENCE))
        .containsEntry("shardId-000000000002", ShardPosition.trimHorizon());
    // Spark compares offsets by their JSON: one read back must equal the one in the log.
    assertThat(offset.json()).isEqualTo(json);
  }

  @Test
  void rejectsAnotherVersion() {
    assertThatThrownBy(
            () -> KinesisOffset.fromJson("{\"version\":3,\"stream\":\"s\",\"shards\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read Kinesis offset '{\"version\":3,\"stream\":\"s\",\"shards\":{}}':"
                + " version 3 is not supported (this build reads version 1 or 2)");
  }

  @Test
  void rejectsBadOffsetsNamingWhatIsWrong() {
    assertRejected(
        "not json",
        "Cannot read Kinesis offset 'not json': not JSON: Unrecognized token 'not': was expecting"
            + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    assertRejected("[1]", "Cannot read Kinesis offset '[1]': not a JSON object");
    assertRejected(
        "{\"stream\":\"s\",\"shards\":{}}",
        "Cannot read Kinesis offset '{\"stream\":\"s\",\"shards\":{}}': field 'version' is"
            + " missing");
    assertRejected(
        "{\"version\":1}",
        "Cannot read Kinesis offset '{\"version\":1}': field 'stream' is missing");
    assertRejected(
        "{\"version\":1,\"stream\":\"s\",\"shards\":[]}",
        "Cannot read Kinesis offset '{\"version\":1,\"stream\":\"s\",\"shards\":[]}': field"
            + " 'shards' is not an object: []");
    assertRejected(
        "{\"version\":2,\"stream\":\"s\",\"shards\":{}}",
        "Cannot read Kinesis offset '{\"version\":2,\"stream\":\"s\",\"shards\":{}}': field"
            + " 'read' is missing");
    assertRejected(
        "{\"version\":2,\"stream\":\"s\",\"read\":-1,\"shards\":{}}",
        "Cannot read Kinesis offset '{\"version\":2,\"stream\":\"s\",\"read\":-1,\"shards\":{}}':"
            + " Cannot create a Kinesis offset: read -1");
  }

  @Test
  void rejectsBadShardsNamingWhatIsWrong() {
    assertRejectedShard(
        "{\"a\":\"TRIM_HORIZON\"}", "entry 'a' of 'shards': field 'position' is missing");
    assertRejectedShard(
        "{\"a\":{\"position\":\"LATEST\"}}",
        "entry 'a' of 'shards': field 'position' is not a shard position: 'LATEST'");
    assertRejectedShard(
        "{\"a\":{\"position\":\"TRIM_HORIZON\",\"keptUntil\":\"soon\"}}",
        "entry 'a' of 'shards': field 'keptUntil' is not an ISO instant: 'soon'");
    assertRejectedShard(
        "{\"a\":{\"position\":\"AT_SEQUENCE_NUMBER/5\"}}",
        "entry 'a' of 'shards': Cannot keep a shard at AT_SEQUENCE_NUMBER/5: that is where a read"
            + " starts, not a position");
    String readAhead =
        "{\"version\":1,\"stream\":\"s\",\"shards\":{\"a\":\"AFTER_SEQUENCE_NUMBER/x1\"}}";
    assertRejected(
        readAhead,
        "Cannot read Kinesis offset '"
            + readAhead
            + "': entry 'a' of 'shards': Cannot parse a Kinesis shard position:"
            + " 'AFTER_SEQUENCE_NUMBER/x1' (For input string: \"x1\")");
  }

  @Test
  void rejectsBadShardPositionsNamingThem() {
    assertThatThrownBy(() -> ShardPosition.parse("LATEST"))
        .hasMessageStartingWith("Cannot parse a Kinesis shard position: 'LATEST'");
    assertThatThrownBy(() -> ShardPosition.parse("SHARD_END/1"))
        .hasMessageStartingWith("Cannot parse a Kinesis shard position: 'SHARD_END/1'");
  }

  @Test
  void aShardIsNeverPositionedAtARecordItHasNotRead() {
    assertThatThrownBy(() -> ShardState.at(ShardPosition.at(SEQUENCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot keep a shard at AT_SEQUENCE_NUMBER/");
  }

  @Test
  void comparesSequenceNumbersAsNumbers() {
    assertThat(ShardPosition.compareSequenceNumbers("9", "10")).isNegative();
    assertThat(ShardPosition.compareSequenceNumbers(SEQUENCE, SEQUENCE)).isZero();
    assertThat(ShardPosition.compareSequenceNumbers(SEQUENCE + "0", SEQUENCE)).isPositive();
  }

  /** A version 2 offset with these shards is rejected: the message names the offset too. */
  private static void assertRejectedShard(String shards, String problem) {
    String json = "{\"version\":2,\"stream\":\"s\",\"read\":1,\"shards\":" + shards + "}";
    assertRejected(json, "Cannot read Kinesis offset '" + json + "': " + problem);
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> KinesisOffset.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
