package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
  // shard 0 split into 1 and 2; then 1 and 2 merged into 3.
  private static final ShardInfo PARENT = new ShardInfo("shardId-000000000000", null, null, true);
  private static final ShardInfo LEFT =
      new ShardInfo("shardId-000000000001", "shardId-000000000000", null, true);
  private static final ShardInfo RIGHT =
      new ShardInfo("shardId-000000000002", "shardId-000000000000", null, true);
  private static final ShardInfo MERGED =
      new ShardInfo("shardId-000000000003", "shardId-000000000001", "shardId-000000000002", false);
  private static final List<ShardInfo> ALL = List.of(MERGED, RIGHT, LEFT, PARENT);

  @Test
  void initialOffsetPutsEveryListedShardAtTheStartingPosition() {
    KinesisOffset offset = ShardPlanner.initialOffset("s", ALL, ShardPosition.trimHorizon());

    assertThat(offset.positions()).hasSize(4).containsValue(ShardPosition.trimHorizon());
    assertThat(offset.reads()).isEmpty();
    assertThat(offset.read()).isZero();
    assertThat(offset.positions().keySet())
        .containsExactly(
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002",
            "shardId-000000000003");
  }

  @Test
  void childrenWaitUntilEveryParentIsAtShardEndInTheStartOffset() {
    Map<String, ShardPosition> start =
        ShardPlanner.initialOffset("s", ALL, ShardPosition.trimHorizon()).positions();
    assertThat(ShardPlanner.readable(start, ALL)).containsExactly(PARENT);

    Map<String, ShardPosition> parentDrained =
        offset(Map.of(PARENT.shardId(), ShardPosition.shardEnd()));
    assertThat(ShardPlanner.readable(parentDrained, ALL)).containsExactly(LEFT, RIGHT);

    // A merge needs both parents drained.
    Map<String, ShardPosition> oneParentDrained =
        offset(
            Map.of(
                PARENT.shardId(), ShardPosition.shardEnd(),
                LEFT.shardId(), ShardPosition.shardEnd(),
                RIGHT.shardId(), ShardPosition.after("17")));
    assertThat(ShardPlanner.readable(oneParentDrained, ALL)).containsExactly(RIGHT);

    Map<String, ShardPosition> bothDrained =
        offset(
            Map.of(
                PARENT.shardId(), ShardPosition.shardEnd(),
                LEFT.shardId(), ShardPosition.shardEnd(),
                RIGHT.shardId(), ShardPosition.shardEnd()));
    assertThat(ShardPlanner.readable(bothDrained, ALL)).containsExactly(MERGED);
  }

  @Test
  void aParentGoneFromTheListingDoesNotHoldItsChildren() {
    List<ShardInfo> afterRetention = List.of(LEFT, RIGHT);
    Map<String, ShardPosition> start = offset(Map.of());

    assertThat(ShardPlanner.readable(start, afterRetention)).containsExactly(LEFT, RIGHT);
  }

  @Test
  void newShardsStartAtTrimHorizonAndUnlistedShardsAreDropped() {
    Map<String, ShardPosition> start =
        offset(
            Map.of(
                "shardId-000000000009",
                ShardPosition.after("5"),
                PARENT.shardId(),
                ShardPosition.shardEnd()));

    assertThat(ShardPlanner.startOf(start, LEFT.shardId())).isEqualTo(ShardPosition.trimHorizon());
    assertThat(ShardPlanner.startOf(start, PARENT.shardId())).isEqualTo(ShardPosition.shardEnd());
    assertThat(ShardPlanner.carriedOver(start, ALL))
        .isEqualTo(Map.of(PARENT.shardId(), ShardPosition.shardEnd()));
  }

  /** The shards' positions as an offset holds them (through its JSON). */
  private static Map<String, ShardPosition> offset(Map<String, ShardPosition> shards) {
    return KinesisOffset.fromJson(KinesisOffset.of("s", 3, shards).json()).positions();
  }
}
