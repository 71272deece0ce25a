package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalConfigTest {
  private static final String DEFAULT_PATH = "s3://lake/refined/flights/_bookmarks/job";

  private static IncrementalConfig resolve(Map<String, String> keys, String... args) {
    Map<String, String> values = new HashMap<>(keys);
    return IncrementalConfig.from(
        Settings.of(IncrementalKeys.SCHEMA, values), JobArguments.parse(args), DEFAULT_PATH);
  }

  @Test
  void defaultsToFull() {
    IncrementalConfig config = resolve(Map.of());
    assertThat(config).isEqualTo(IncrementalConfig.full(DEFAULT_PATH));
    assertThat(config.describe()).isEqualTo("full");
  }

  @Test
  void defaultBookmarkPathIsUnderTheTarget() {
    assertThat(IncrementalConfig.defaultBookmarkPath("out/refined/flights/", "flights"))
        .isEqualTo("out/refined/flights/_bookmarks/flights");
  }

  @Test
  void runDateArgumentSelectsRunDateModeOverAnyConfiguredMode() {
    IncrementalConfig config =
        resolve(Map.of("incremental.mode", "bookmark"), "--run-date", "2001-01-01..2001-01-03");
    assertThat(config.mode()).isEqualTo(IncrementalMode.RUN_DATE);
    assertThat(config.runDates()).contains(RunDates.parse("2001-01-01..2001-01-03"));
    assertThat(config.describe()).isEqualTo("run-date 2001-01-01..2001-01-03");
  }

  @Test
  void runDateKeyWorksToo() {
    assertThat(resolve(Map.of("incremental.run-date", "2001-01-02")).runDates())
        .contains(RunDates.parse("2001-01-02"));
  }

  @Test
  void runDateModeNeedsADate() {
    assertThatThrownBy(() -> resolve(Map.of("incremental.mode", "run-date")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "incremental.mode=run-date needs a run date (--run-date YYYY-MM-DD or"
                + " incremental.run-date)");
  }

  @Test
  void badRunDateNamesWhereItCameFrom() {
    assertThatThrownBy(() -> resolve(Map.of(), "--run-date", "yesterday"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("argument --run-date: Cannot parse run date 'yesterday'");
  }

  @Test
  void mapsGlueBookmarkOptions() {
    assertThat(resolve(Map.of(), "--job-bookmark-option", "job-bookmark-enable"))
        .isEqualTo(
            new IncrementalConfig(
                IncrementalMode.BOOKMARK,
                Optional.empty(),
                DEFAULT_PATH,
                BookmarkCommit.AFTER_PUBLISH));
    assertThat(resolve(Map.of(), "--job-bookmark-option", "job-bookmark-pause"))
        .isEqualTo(
            new IncrementalConfig(
                IncrementalMode.BOOKMARK, Optional.empty(), DEFAULT_PATH, BookmarkCommit.PAUSED));
    assertThat(
            resolve(
                    Map.of("incremental.mode", "bookmark"),
                    "--job-bookmark-option",
                    "job-bookmark-disable")
                .mode())
        .isEqualTo(IncrementalMode.FULL);
    assertThat(
            resolve(
                    Map.of(),
                    "--job-bookmark-option",
                    "job-bookmark-disable",
                    "--run-date",
                    "2001-01-02")
                .mode())
        .isEqualTo(IncrementalMode.RUN_DATE);
    assertThatThrownBy(() -> resolve(Map.of(), "--job-bookmark-option", "on"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot parse argument --job-bookmark-option 'on': expected job-bookmark-enable,"
                + " job-bookmark-disable or job-bookmark-pause");
  }

  @Test
  void bookmarkPathAndPauseFromKeys() {
    IncrementalConfig config =
        resolve(
            Map.of(
                "incremental.mode", "bookmark",
                "incremental.bookmark.path", "s3://state/flights",
                "incremental.bookmark.pause", "true"));
    assertThat(config)
        .isEqualTo(
            new IncrementalConfig(
                IncrementalMode.BOOKMARK,
                Optional.empty(),
                "s3://state/flights",
                BookmarkCommit.PAUSED));
    assertThat(config.describe()).isEqualTo("bookmark (paused: no commit) at s3://state/flights");
  }

  @Test
  void incrementalOverwriteNeedsPartitionsOfADayAtMost() {
    IncrementalConfig runDate = resolve(Map.of(), "--run-date", "2001-01-02");
    assertThat(runDate.dayPartitionProblem("p", "w", List.of("year", "month")))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .isEqualTo(
                        "Cannot run run-date 2001-01-02 with w=overwrite-partitions: p [year,"
                            + " month] is coarser than a day (no day): a partition holds several"
                            + " days, and the days this run reads would replace all of them with"
                            + " only their own rows; partition by day (e.g. p: [year, month,"
                            + " day]), or set w=append, or incremental.mode=full"));
    assertThat(runDate.dayPartitionProblem("p", "w", List.of()))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains("p is empty, so the days this run reads would replace the whole"));
    assertThat(runDate.dayPartitionProblem("p", "w", List.of("day"))).isPresent();
    assertThat(runDate.dayPartitionProblem("p", "w", List.of("year", "day"))).isPresent();
    IncrementalConfig bookmark = resolve(Map.of("incremental.mode", "bookmark"));
    assertThat(bookmark.dayPartitionProblem("p", "w", List.of("year"))).isPresent();

    // A day or finer, or partitions that are no time columns (flight_date is a day): accepted.
    assertThat(runDate.dayPartitionProblem("p", "w", List.of("year", "month", "day"))).isEmpty();
    assertThat(bookmark.dayPartitionProblem("p", "w", List.of("origin", "year", "month", "day")))
        .isEmpty();
    assertThat(runDate.dayPartitionProblem("p", "w", List.of("year", "month", "day", "hour")))
        .isEmpty();
    assertThat(runDate.dayPartitionProblem("p", "w", List.of("flight_date"))).isEmpty();
    // Full runs replace what they write, whatever the partitions.
    assertThat(resolve(Map.of()).dayPartitionProblem("p", "w", List.of())).isEmpty();
  }
}
